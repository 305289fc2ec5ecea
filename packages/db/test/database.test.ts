import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database, events, workspaces } from '../src/index';
import { createScratchPostgres, createTestDatabase, testDatabaseKinds } from '../src/testing';

const event = (messageId: string) => ({
  workspaceId: 'w1',
  customerId: 'c1',
  messageId,
  type: 'track' as const,
  name: 'order.completed',
  timestamp: new Date(0),
  receivedAt: new Date(0),
});

describe.each(testDatabaseKinds())('database on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('creates every table from the committed migrations', async () => {
    const { rows } = await database.sql.executeSql(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'customers',
        'events',
        'journey_runs',
        'messages',
        'run_steps',
        'node_counters',
        'journey_counters',
        'workspaces',
      ]),
    );
  });

  it('keeps one event per (workspace, customer, messageId)', async () => {
    const first = await database.db.insert(events).values(event('m-1')).onConflictDoNothing().returning();
    const again = await database.db.insert(events).values(event('m-1')).onConflictDoNothing().returning();
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(0);
    // A Segment messageId names one message about one user: another customer's event is kept.
    const other = await database.db
      .insert(events)
      .values({ ...event('m-1'), customerId: 'c2' })
      .onConflictDoNothing()
      .returning();
    expect(other).toHaveLength(1);
  });

  it('orders a customer’s events by a growing sequence', async () => {
    await database.db.insert(events).values([event('m-2'), event('m-3')]);
    const rows = await database.db
      .select({ seq: events.seq, id: events.messageId })
      .from(events)
      .where(eq(events.customerId, 'c1'))
      .orderBy(events.seq);
    expect(rows.map((r) => r.id)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(typeof rows[0]!.seq).toBe('number');
  });

  it('rolls back Drizzle and raw SQL of one transaction together', async () => {
    await expect(
      database.transaction(async (tx) => {
        await tx.db.insert(workspaces).values({ id: 'gone', name: 'Gone', stages: [] });
        await tx.sql.executeSql('insert into workspaces (id, name, stages) values ($1, $2, $3)', [
          'gone-too',
          'Gone too',
          '[]',
        ]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const left = await database.db.select().from(workspaces).where(eq(workspaces.id, 'gone'));
    const { rows } = await database.sql.executeSql("select 1 from workspaces where id = 'gone-too'");
    expect(left).toHaveLength(0);
    expect(rows).toHaveLength(0);
  });

  it('commits raw SQL run inside a transaction', async () => {
    await database.transaction(async (tx) => {
      await tx.sql.executeSql('insert into workspaces (id, name, stages) values ($1, $2, $3::jsonb)', [
        'kept',
        'Kept',
        '[]',
      ]);
      await tx.db.execute(sql`select 1`);
    });
    const rows = await database.db.select().from(workspaces).where(eq(workspaces.id, 'kept'));
    expect(rows[0]?.name).toBe('Kept');
  });
});

describe('embedded data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across reopen and migrates only once', async () => {
    const first = await createDatabase({ dataDir: dir });
    await first.db.insert(workspaces).values({ id: 'w', name: 'Kept', stages: [] });
    await first.close();
    const second = await createDatabase({ dataDir: dir });
    const rows = await second.db.select().from(workspaces);
    await second.close();
    expect(rows.map((r) => r.name)).toEqual(['Kept']);
  });

  it('explains what is missing when neither url nor dataDir is given', async () => {
    await expect(createDatabase({})).rejects.toThrow(/url.*dataDir/);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('server database with a one-connection pool', () => {
  it('migrates and opens (the migration lock takes a connection of its own)', async () => {
    const scratch = await createScratchPostgres();
    try {
      const database = await createDatabase({ url: scratch.url, max: 1 });
      const { rows } = await database.sql.executeSql('select count(*)::int as n from customers', []);
      expect(rows).toEqual([{ n: 0 }]);
      await database.close();
    } finally {
      await scratch.drop();
    }
  }, 20_000);
});
