import type { Database, SqlExecutor } from '@stagecraft/db';
import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMessages, requeueMessage } from '../../src/runtime/messages-query';
import { queryPlan } from './query-plan';

const WORKSPACE = 'w1';
const MESSAGES = 5_000;

/** The plan the database chooses for a listing. */
const listPlan = (sql: SqlExecutor, status: string | undefined) =>
  queryPlan(sql, (explaining) => listMessages(explaining, WORKSPACE, { status, limit: 50 }));

describe.each(testDatabaseKinds())('the message list on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Mostly sent or without a provider, as a workspace's history is; every 500th one dead.
    await database.sql.executeSql(
      `insert into messages (workspace_id, customer_id, id, kind, run_id, journey_id, version, node_id, visit, channel,
         body, status, created_at, updated_at)
       select $1, 'c' || (g % 100), 'm' || g, 'message', 'r' || g, 'j', 1, 'mail', 1, 'email', 'hi',
         case when g % 500 = 0 then 'dead' when g % 2 = 0 then 'sent' else 'no_provider' end,
         timestamptz '2030-01-01' + g * interval '1 second', timestamptz '2030-01-01' + g * interval '1 second'
       from generate_series(1, $2::int) g`,
      [WORKSPACE, MESSAGES],
    );
    await database.sql.executeSql('analyze messages');
  });
  afterAll(() => database.close());

  it('lists newest first, by status or all, through an index rather than every message', async () => {
    const dead = await listMessages(database.sql, WORKSPACE, { status: 'dead', limit: 50 });
    expect(dead.map((m) => m.id)).toEqual([
      'm5000',
      'm4500',
      'm4000',
      'm3500',
      'm3000',
      'm2500',
      'm2000',
      'm1500',
      'm1000',
      'm500',
    ]);
    const sent = await listMessages(database.sql, WORKSPACE, { status: 'sent', limit: 2 });
    expect(sent.map((m) => m.id)).toEqual(['m4998', 'm4996']);
    const all = await listMessages(database.sql, WORKSPACE, { limit: 2 });
    expect(all.map((m) => m.id)).toEqual(['m5000', 'm4999']);

    expect(await listPlan(database.sql, 'dead')).toContain('messages_attention_idx');
    for (const status of [undefined, 'sent', 'dead']) {
      expect(await listPlan(database.sql, status)).not.toMatch(/Seq Scan on messages/);
    }
  });

  it('finds a message to retry by id through the index of messages that need attention', async () => {
    const plan = await queryPlan(database.sql, (explaining) =>
      requeueMessage(explaining, WORKSPACE, 'm2500', 0),
    );
    expect(plan).toContain('messages_attention_idx');
    expect(await requeueMessage(database.sql, WORKSPACE, 'm4999', 0)).toBeNull();
    expect(await requeueMessage(database.sql, WORKSPACE, 'm2500', 0)).toBe('c0');
    const queued = await listMessages(database.sql, WORKSPACE, { status: 'queued', limit: 5 });
    expect(queued.map((m) => [m.id, m.attempts])).toEqual([['m2500', 0]]);
  });
});
