import type { Database, SqlExecutor } from '@stagecraft/db';
import type PgBoss from 'pg-boss';

/** Durable timers: run waits and date triggers. */
export const TIMER_QUEUE = 'stagecraft-timer';
/** Outbound deliveries: messages, HTTP requests and plugin effects. */
export const DELIVER_QUEUE = 'stagecraft-deliver';
/** Scheduling a newly published journey's date triggers for the customers already there, in chunks. */
export const BACKFILL_QUEUE = 'stagecraft-backfill';

/** A backfill job: the next chunk of a workspace's customers, after `after` in id order. */
export interface BackfillJob {
  workspaceId: string;
  journeyId: string;
  version: number;
  after: string | null;
}

/** A timer job: wake one run at one node visit, or fire one customer's date trigger. */
export type TimerJob =
  | {
      kind: 'run';
      workspaceId: string;
      customerId: string;
      runId: string;
      nodeId: string;
      visit: number;
      fireAt: number;
    }
  | {
      kind: 'date-trigger';
      workspaceId: string;
      customerId: string;
      journeyId: string;
      version: number;
      nodeId: string;
      fireAt: number;
    };

/** A delivery job: one outbox row to deliver (or retry). */
export interface DeliverJob {
  workspaceId: string;
  customerId: string;
  messageId: string;
}

/** A job to insert in the same transaction as the state change that asked for it. */
export interface JobRequest {
  name: typeof TIMER_QUEUE | typeof DELIVER_QUEUE | typeof BACKFILL_QUEUE;
  data: TimerJob | DeliverJob | BackfillJob;
  startAt: number;
}

/**
 * Starts pg-boss (installing or migrating its schema) and creates our queues (idempotent); jobs
 * cannot be inserted before. Processes starting at once on a new database take turns: pg-boss's
 * schema creation fails with a duplicate schema in one of two concurrent processes, and its
 * create_queue deadlocks.
 */
export async function startQueues(boss: PgBoss, database: Database): Promise<void> {
  await database.exclusive(QUEUES_LOCK, async () => {
    await boss.start();
    for (const name of [TIMER_QUEUE, DELIVER_QUEUE, BACKFILL_QUEUE]) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, retryLimit: 0 });
    }
  });
}

/** Any number, shared by every process starting the queues. */
const QUEUES_LOCK = 7_245_118_904;

/** Inserts jobs through the transaction's connection, so they exist exactly when the state change does. */
export async function insertJobs(boss: PgBoss, tx: SqlExecutor, jobs: JobRequest[]): Promise<void> {
  if (jobs.length === 0) return;
  await boss.insert(
    jobs.map((j) => ({ name: j.name, data: j.data, startAfter: new Date(j.startAt).toISOString() })),
    { db: tx },
  );
}

/**
 * Takes due jobs inside the caller's transaction: one statement finds them (skipping jobs other
 * workers hold) and deletes them. The work they stand for commits in the same transaction (its
 * outcome lives in our own tables, so pg-boss keeps no completed copy); if it rolls back, the jobs
 * are back and due again. pg-boss's own fetch compares start_after with the database clock; this
 * uses the runtime's clock, so a virtual clock drives timers in tests and simulations. The order
 * is pg-boss's index order (name, start_after) and nothing more: a tie-break on id would make
 * every batch read and sort all jobs due at the same moment (say, 100,000 renewals at 09:00).
 * The statement reads pg-boss's private table (its columns, and the enum order that puts
 * `created` and `retry` before `active`), so pg-boss is pinned to an exact version in
 * package.json and test/runtime/due-jobs.test.ts checks this contract across job states.
 */
export async function takeDueJobs<T>(
  tx: SqlExecutor,
  name: string,
  now: number,
  limit: number,
): Promise<{ id: string; data: T }[]> {
  const { rows } = await tx.executeSql(
    `delete from pgboss.job j
     where j.name = $1 and j.id in (
       select id from pgboss.job
       where name = $1 and state < 'active' and start_after <= $2::timestamptz
       order by start_after
       limit $3
       for update skip locked
     )
     returning j.id, j.data`,
    [name, new Date(now).toISOString(), limit],
  );
  return rows as { id: string; data: T }[];
}
