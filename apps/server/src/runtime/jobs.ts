import type { SqlExecutor } from '@stagecraft/db';
import { arrays, columns, rowsFrom } from './column-arrays';

/** Durable timers: run waits and date triggers. */
export const TIMER_QUEUE = 'timer';
/** Outbound deliveries: messages, HTTP requests and plugin effects. */
export const DELIVER_QUEUE = 'deliver';
/** Scheduling a newly published journey's date triggers for the customers already there, in chunks. */
export const BACKFILL_QUEUE = 'backfill';

export type QueueName = typeof TIMER_QUEUE | typeof DELIVER_QUEUE | typeof BACKFILL_QUEUE;

/** A backfill job: the next chunk of a workspace's customers, after `after` in id order. */
export interface BackfillJob {
  workspaceId: string;
  journeyId: string;
  version: number;
  after: string | null;
}

/**
 * A timer job: wake one run at one node visit, fire one customer's date trigger, or start the
 * live journeys whose saved-segment trigger waits for a customer's entry into (or exit from) a
 * segment (queued by the segment membership pass with the membership change itself).
 */
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
    }
  | {
      kind: 'segment';
      workspaceId: string;
      customerId: string;
      segmentId: string;
      change: 'entered' | 'left';
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
  name: QueueName;
  data: TimerJob | DeliverJob | BackfillJob;
  startAt: number;
}

/** A job taken by a worker: its key (to report a failure) and what it asks for. */
export interface TakenJob<T> {
  key: JobKey;
  data: T;
}

/** A job's primary key. */
export interface JobKey {
  workspaceId: string;
  customerId: string;
  id: string;
}

const JOB_ROWS = columns('w text, c text, q text, data jsonb, due ms');

/**
 * Inserts jobs through the transaction's connection, so they exist exactly when the state change
 * does. Jobs of a test clock's customers wait for that clock (`clockId`), not for real time.
 */
export async function insertJobs(
  tx: SqlExecutor,
  jobs: JobRequest[],
  clockId: string | null = null,
): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((j) => ({
    w: j.data.workspaceId,
    c: 'customerId' in j.data ? j.data.customerId : '',
    q: j.name,
    data: j.data,
    due: j.startAt,
  }));
  await tx.executeSql(
    `insert into jobs (workspace_id, customer_id, queue, data, due_at, clock_id)
     select w, c, q, data, due, $${JOB_ROWS.names.length + 1}::text from ${rowsFrom(JOB_ROWS)}`,
    [...arrays(JOB_ROWS, rows), clockId],
  );
}

/**
 * Takes up to `limit` jobs of a queue due at `now` inside the caller's transaction: one statement
 * finds them (skipping jobs other workers hold, and dead letters) and deletes them. The work they
 * stand for commits in the same transaction; if it rolls back, the jobs are back and due again.
 * `now` is the runtime's clock, not the database's, so a virtual clock drives timers in tests and
 * simulations. The order is the index order (queue, due_at) and nothing more: a tie-break would
 * make every batch read and sort all jobs due at the same moment (say, 100,000 renewals at 09:00).
 */
export async function takeDueJobs<T>(
  tx: SqlExecutor,
  queue: QueueName,
  now: number,
  limit: number,
  /** Take a test clock's jobs instead of real time's (each has an index of its own). */
  clockId: string | null,
): Promise<TakenJob<T>[]> {
  const { rows } = await tx.executeSql(
    `delete from jobs j
     using (
       select workspace_id, customer_id, id from jobs
       where queue = $1 and dead_at is null and ${clockId === null ? 'clock_id is null' : 'clock_id = $4'}
         and due_at <= $2::timestamptz
       order by ${clockId === null ? 'due_at' : 'clock_id, queue, due_at'}
       limit $3
       for update skip locked
     ) due
     where j.workspace_id = due.workspace_id and j.customer_id = due.customer_id and j.id = due.id
     returning j.workspace_id, j.customer_id, j.id::text as id, j.data`,
    clockId === null
      ? [queue, new Date(now).toISOString(), limit]
      : [queue, new Date(now).toISOString(), limit, clockId],
  );
  return rows.map((r) => ({
    key: { workspaceId: String(r.workspace_id), customerId: String(r.customer_id), id: String(r.id) },
    data: r.data as T,
  }));
}

/** Work on taken jobs failed and rolled back: the jobs are due again, and these are their keys. */
export class JobsFailed extends Error {
  constructor(
    readonly jobs: JobKey[],
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Failed attempts before a job becomes a dead letter. */
export const JOB_ATTEMPTS = 5;
/** The delay before the first retry of a failed job; each later one doubles it. */
const RETRY_BASE_MS = 5_000;

/**
 * Records that a job's work failed on its own (its transaction rolled back, so the job is still
 * there): it is due again after a backoff of 5 s, 10 s, 20 s…, and after its last attempt becomes
 * a dead letter. Returns true when it became one.
 */
export async function failJob(sql: SqlExecutor, key: JobKey, error: string, now: number): Promise<boolean> {
  const { rows } = await sql.executeSql(
    `update jobs set
       attempts = attempts + 1,
       last_error = left($4, 2000),
       due_at = $5::timestamptz + make_interval(secs => $6::float8 * power(2, attempts) / 1000),
       dead_at = case when attempts + 1 >= $7 then $5::timestamptz end
     where workspace_id = $1 and customer_id = $2 and id = $3::bigint
     returning dead_at is not null as dead`,
    [
      key.workspaceId,
      key.customerId,
      key.id,
      error,
      new Date(now).toISOString(),
      RETRY_BASE_MS,
      JOB_ATTEMPTS,
    ],
  );
  return rows[0]?.dead === true;
}

/** Dead letters per queue, for health checks and operators. */
export async function deadJobCounts(sql: SqlExecutor): Promise<Record<string, number>> {
  const { rows } = await sql.executeSql(
    'select queue, count(*)::int as n from jobs where dead_at is not null group by queue',
  );
  return Object.fromEntries(rows.map((r) => [String(r.queue), Number(r.n)]));
}
