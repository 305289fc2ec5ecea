import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index';
import { createTestDatabase, testDatabaseKinds } from '../src/testing';

describe.each(testDatabaseKinds())('pg-boss on %s', (kind) => {
  let database: Database;
  let boss: PgBoss;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    boss = new PgBoss({ ...database.boss, supervise: false, schedule: false });
    await boss.start();
    await boss.createQueue('work');
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.close();
  });

  it('installs its own schema through the executor', async () => {
    const { rows } = await database.sql.executeSql('select version from pgboss.version');
    expect(Number(rows[0]?.version)).toBeGreaterThan(0);
  });

  it('sees jobs enqueued in a committed transaction, and not those of a rolled-back one', async () => {
    await database.transaction((tx) => boss.insert([{ name: 'work', data: { n: 1 } }], { db: tx.sql }));
    await database
      .transaction(async (tx) => {
        await boss.insert([{ name: 'work', data: { n: 2 } }], { db: tx.sql });
        throw new Error('abort');
      })
      .catch(() => undefined);
    const jobs = await boss.fetch<{ n: number }>('work', { batchSize: 10 });
    expect(jobs.map((j) => j.data.n)).toEqual([1]);
    await boss.complete(
      'work',
      jobs.map((j) => j.id),
    );
    const done = await boss.getJobById('work', jobs[0]!.id);
    expect(done?.state).toBe('completed');
  });

  it('holds a job back until its start time', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const soon = new Date(Date.now() - 1_000).toISOString();
    await boss.insert([
      { name: 'work', data: { n: 3 }, startAfter: later },
      { name: 'work', data: { n: 4 }, startAfter: soon },
    ]);
    const jobs = await boss.fetch<{ n: number }>('work', { batchSize: 10 });
    expect(jobs.map((j) => j.data.n)).toEqual([4]);
  });
});
