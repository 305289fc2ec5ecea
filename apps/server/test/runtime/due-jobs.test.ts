import type { Database } from '@stagecraft/db';
import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueues, TIMER_QUEUE, takeDueJobs } from '../../src/runtime/jobs';

const NOW = Date.UTC(2030, 0, 1);
const STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;

/**
 * The contract takeDueJobs keeps with pg-boss's private job table (the pinned pg-boss version's
 * column names and the enum order behind `state < 'active'`): it takes due jobs waiting to run
 * (created, retry) and never one that is running or finished, nor one not due yet.
 */
describe.each(testDatabaseKinds())('due timer jobs on %s', (kind) => {
  let database: Database;
  let boss: PgBoss;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    boss = new PgBoss({ ...database.boss, supervise: false, schedule: false });
    await startQueues(boss, database);
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.close();
  });

  it('takes due created and retry jobs, and leaves running, finished and future ones', async () => {
    const job = (state: string, startAt: number) => ({
      name: TIMER_QUEUE,
      data: { state },
      startAfter: new Date(startAt).toISOString(),
    });
    const jobs = [...STATES.map((state) => job(state, NOW - 1000)), job('created-later', NOW + 1000)];
    await boss.insert(jobs, { db: database.sql });
    await database.sql.executeSql(
      `update pgboss.job set state = (data->>'state')::pgboss.job_state
       where name = $1 and data->>'state' <> 'created-later'`,
      [TIMER_QUEUE],
    );
    const taken = await database.transaction((tx) =>
      takeDueJobs<{ state: string }>(tx.sql, TIMER_QUEUE, NOW, 100),
    );
    expect(taken.map((j) => j.data.state).sort()).toEqual(['created', 'retry']);
    const { rows } = await database.sql.executeSql(
      'select data->>$2 as state from pgboss.job where name = $1 order by 1',
      [TIMER_QUEUE, 'state'],
    );
    expect(rows.map((r) => r.state)).toEqual(['active', 'cancelled', 'completed', 'created-later', 'failed']);
  });
});
