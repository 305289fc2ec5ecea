import { readFileSync } from 'node:fs';
import type { Database } from '@stagecraft/db';
import { migrationsFolder } from '@stagecraft/db';
import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DELIVER_QUEUE,
  deadJobCounts,
  failJob,
  insertJobs,
  JOB_ATTEMPTS,
  type JobRequest,
  TIMER_QUEUE,
  takeDueJobs,
} from '../../src/runtime/jobs';
import { DAY, journey, suiteHarness, WORKSPACE } from './harness';

const NOW = Date.UTC(2030, 0, 1);

const timer = (customerId: string, startAt: number): JobRequest => ({
  name: TIMER_QUEUE,
  data: {
    kind: 'run',
    workspaceId: 'w',
    customerId,
    runId: `r-${customerId}`,
    nodeId: 'n',
    visit: 1,
    fireAt: startAt,
  },
  startAt,
});

const customers = (jobs: { data: { customerId: string } }[]) => jobs.map((j) => j.data.customerId);

/**
 * The contract of the runtime's own job table: what a claim takes (due, live, not held by
 * another transaction), what a rolled-back claim gives back, and how a failing job is retried
 * and ends as a dead letter.
 */
describe.each(testDatabaseKinds())('the job table on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());
  beforeEach(() => database.sql.executeSql('delete from jobs'));

  const take = (queue: typeof TIMER_QUEUE | typeof DELIVER_QUEUE, now: number, limit = 100) =>
    database.transaction((tx) => takeDueJobs<{ customerId: string }>(tx.sql, queue, now, limit, null));

  it('takes due jobs of its queue, earliest first, up to the limit, and leaves future ones', async () => {
    await insertJobs(database.sql, [
      timer('late', NOW - 1_000),
      timer('early', NOW - 60_000),
      timer('future', NOW + 1),
      {
        name: DELIVER_QUEUE,
        data: { workspaceId: 'w', customerId: 'other', messageId: 'm' },
        startAt: NOW - 1,
      },
    ]);
    expect(customers(await take(TIMER_QUEUE, NOW, 1))).toEqual(['early']);
    expect(customers(await take(TIMER_QUEUE, NOW))).toEqual(['late']);
    expect(customers(await take(TIMER_QUEUE, NOW + 1))).toEqual(['future']);
    expect(customers(await take(DELIVER_QUEUE, NOW))).toEqual(['other']);
    expect(await take(TIMER_QUEUE, NOW + DAY)).toEqual([]);
  });

  it("keeps a test clock's jobs apart: real time never takes them, and the clock takes only its own", async () => {
    await database.transaction(async (tx) => {
      await insertJobs(tx.sql, [timer('real', NOW)]);
      await insertJobs(tx.sql, [timer('on-clock', NOW - DAY)], 'clk_a');
      await insertJobs(tx.sql, [timer('other-clock', NOW - DAY)], 'clk_b');
    });
    const onClock = (clockId: string) =>
      database.transaction((tx) =>
        takeDueJobs<{ customerId: string }>(tx.sql, TIMER_QUEUE, NOW, 10, clockId),
      );
    expect(customers(await take(TIMER_QUEUE, NOW))).toEqual(['real']);
    expect(customers(await onClock('clk_a'))).toEqual(['on-clock']);
    expect(customers(await onClock('clk_b'))).toEqual(['other-clock']);
    expect(await onClock('clk_a')).toEqual([]);
  });

  it('gives jobs back when the claiming transaction rolls back, and keeps them when it commits', async () => {
    await insertJobs(database.sql, [timer('a', NOW)]);
    await database
      .transaction(async (tx) => {
        expect(await takeDueJobs(tx.sql, TIMER_QUEUE, NOW, 10, null)).toHaveLength(1);
        throw new Error('the work failed');
      })
      .catch(() => undefined);
    expect(customers(await take(TIMER_QUEUE, NOW))).toEqual(['a']);
    expect(await take(TIMER_QUEUE, NOW)).toEqual([]);
  });

  it('inserts jobs only when the transaction that asks for them commits', async () => {
    await database
      .transaction(async (tx) => {
        await insertJobs(tx.sql, [timer('rolled-back', NOW)]);
        throw new Error('abort');
      })
      .catch(() => undefined);
    await database.transaction((tx) => insertJobs(tx.sql, [timer('committed', NOW)]));
    expect(customers(await take(TIMER_QUEUE, NOW))).toEqual(['committed']);
  });

  it.runIf(kind === 'postgres')('skips jobs another transaction holds, without waiting for it', async () => {
    await insertJobs(database.sql, [timer('held', NOW - 2), timer('free', NOW - 1)]);
    let release!: () => void;
    const holding = database.transaction(async (tx) => {
      const held = await takeDueJobs<{ customerId: string }>(tx.sql, TIMER_QUEUE, NOW, 1, null);
      expect(customers(held)).toEqual(['held']);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      throw new Error('roll back, so the held job is due again');
    });
    while (!release) await new Promise((r) => setTimeout(r, 5));
    expect(customers(await take(TIMER_QUEUE, NOW))).toEqual(['free']);
    release();
    await holding.catch(() => undefined);
    expect(customers(await take(TIMER_QUEUE, NOW))).toEqual(['held']);
  });

  it('retries a failing job with doubling backoff, then keeps it as a dead letter no claim takes', async () => {
    await insertJobs(database.sql, [timer('poison', NOW)]);
    const [row] = (
      await database.sql.executeSql('select workspace_id, customer_id, id::text as id from jobs')
    ).rows;
    const key = {
      workspaceId: String(row!.workspace_id),
      customerId: String(row!.customer_id),
      id: String(row!.id),
    };
    let now = NOW;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= JOB_ATTEMPTS; attempt++) {
      // The work failed and rolled back, so the job is still there to be marked.
      const dead = await failJob(database.sql, key, `boom ${attempt}`, now);
      expect(dead).toBe(attempt === JOB_ATTEMPTS);
      const [job] = (await database.sql.executeSql('select due_at, attempts, last_error from jobs')).rows;
      expect(job).toMatchObject({ attempts: attempt, last_error: `boom ${attempt}` });
      const due = new Date(String(job!.due_at)).getTime();
      if (dead) break;
      delays.push(due - now);
      expect(await take(TIMER_QUEUE, due - 1)).toEqual([]);
      now = due;
    }
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(await take(TIMER_QUEUE, now + DAY * 365)).toEqual([]);
    expect(await deadJobCounts(database.sql)).toEqual({ [TIMER_QUEUE]: 1 });
  });

  it('moves jobs waiting in a pg-boss job table of an older install into its own table', async () => {
    const migration = readFileSync(`${migrationsFolder}/0018_own_jobs_table.sql`, 'utf8');
    const move = migration.split('--> statement-breakpoint').at(-1)!;
    // The columns of pg-boss 10's job table that the move reads.
    await database.sql.executeSql(`
      create schema pgboss;
      create type pgboss.job_state as enum ('created', 'retry', 'active', 'completed', 'cancelled', 'failed');
      create table pgboss.job (name text, data jsonb, start_after timestamptz, state pgboss.job_state);
      insert into pgboss.job values
        ('stagecraft-timer', '{"workspaceId":"w","customerId":"c1","kind":"run"}', '2030-01-01T00:00:00Z', 'created'),
        ('stagecraft-deliver', '{"workspaceId":"w","customerId":"c2","messageId":"m"}', '2030-01-01T00:00:00Z', 'retry'),
        ('stagecraft-backfill', '{"workspaceId":"w","journeyId":"j"}', '2030-01-01T00:00:00Z', 'created'),
        ('stagecraft-timer', '{"workspaceId":"w","customerId":"c3"}', '2030-01-01T00:00:00Z', 'completed'),
        ('someone-else', '{"workspaceId":"w","customerId":"c4"}', '2030-01-01T00:00:00Z', 'created');`);
    try {
      await database.sql.executeSql(move);
      const { rows } = await database.sql.executeSql(
        'select queue, workspace_id, customer_id, due_at from jobs order by queue',
      );
      expect(rows.map((r) => [r.queue, r.workspace_id, r.customer_id])).toEqual([
        ['backfill', 'w', ''],
        ['deliver', 'w', 'c2'],
        ['timer', 'w', 'c1'],
      ]);
    } finally {
      await database.sql.executeSql('drop schema pgboss cascade');
    }
  });
});

describe.each(testDatabaseKinds())('a failing timer on %s', (kind) => {
  const s = suiteHarness(kind);

  it('is retried and then dead-lettered, while the timers due with it fire', async () => {
    await s.h.publish(
      'nap',
      journey(
        'Nap',
        [
          ['start', 'event-trigger', { event: 'nap', where: [] }],
          ['pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }],
          ['done', 'exit', {}],
        ],
        [
          ['start', 'pause'],
          ['pause', 'done'],
        ],
      ),
    );
    for (const id of ['ok1', 'bad', 'ok2']) await s.h.track(id, 'nap');
    await s.h.runtime.drain();
    // A run whose stored state no longer parses: its timer's work throws every time.
    await s.h.database.sql.executeSql(
      `update journey_runs set state = '{"broken": true}' where workspace_id = $1 and customer_id = 'bad'`,
      [WORKSPACE],
    );
    s.h.clock.advance(DAY);
    await s.h.runtime.drain();
    const { rows: runs } = await s.h.database.sql.executeSql(
      "select customer_id, status from journey_runs where customer_id in ('ok1', 'ok2') order by 1",
    );
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    for (let attempt = 2; attempt <= JOB_ATTEMPTS; attempt++) {
      s.h.clock.advance(60_000 * 2 ** attempt);
      await s.h.runtime.drain();
    }
    const { rows } = await s.h.database.sql.executeSql(
      'select customer_id, attempts, last_error, dead_at is not null as dead from jobs',
    );
    expect(rows).toEqual([
      expect.objectContaining({ customer_id: 'bad', attempts: JOB_ATTEMPTS, dead: true }),
    ]);
    expect(String(rows[0]!.last_error)).not.toBe('');
  });
});
