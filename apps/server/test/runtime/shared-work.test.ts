import { createDatabase, type Database, workspaces } from '@stagecraft/db';
import { createScratchPostgres, createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { DEFAULT_STAGES } from '@stagecraft/graph';
import { builtinRegistry } from '@stagecraft/nodes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../src/outbound/index';
import { createRuntime, type IngestMessage, type LocalRuntime } from '../../src/runtime/index';
import { createClock, createSink, journey, publish, SECRET, type Sink, WORKSPACE, webhook } from './harness';

const CUSTOMERS = 150;
const HOUR = 3_600_000;
const silent = { info() {}, warn() {}, error() {}, debug() {} };
/** The sink listens on 127.0.0.1, which outbound requests reach only when allowed. */
const allowSink = parseAllowList('127.0.0.1');

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Two runtimes with their own workers on one database: Postgres with a pool each, or one PGlite. */
async function twoRuntimes(kind: 'pglite' | 'postgres') {
  let databases: Database[];
  let drop = async () => {};
  if (kind === 'postgres') {
    const scratch = await createScratchPostgres();
    databases = [
      await createDatabase({ url: scratch.url, max: 4 }),
      await createDatabase({ url: scratch.url, max: 4 }),
    ];
    drop = scratch.drop;
  } else {
    const database = await createTestDatabase('pglite');
    databases = [database, database];
  }
  const clock = createClock();
  const runtimes = databases.map((database) =>
    createRuntime({
      database,
      registry: builtinRegistry,
      log: silent,
      now: clock.now,
      signingSecret: SECRET,
      outboundAllow: 'list' in allowSink ? allowSink.list : undefined,
    }),
  );
  return {
    databases,
    runtimes,
    clock,
    close: async () => {
      await Promise.all(runtimes.map((r) => r.stop()));
      for (const d of new Set(databases)) await d.close();
      await drop();
    },
  };
}

describe.each(testDatabaseKinds())('two runtimes sharing one database on %s', (kind) => {
  let sink: Sink;
  let env: Awaited<ReturnType<typeof twoRuntimes>>;
  beforeAll(async () => {
    sink = await createSink();
    env = await twoRuntimes(kind);
  });
  afterAll(async () => {
    await env.close();
    await sink.close();
  });

  it('apply each customer’s events once and in order, fire each timer once, and send each key once', async () => {
    const [db] = env.databases as [Database];
    await db.db
      .insert(workspaces)
      .values({ id: WORKSPACE, name: 'Shared', timeZone: 'UTC', stages: DEFAULT_STAGES });
    await publish(
      db,
      'orders',
      journey(
        'Orders',
        [
          ['placed', 'event-trigger', { event: 'order.placed', where: [] }],
          ['thanks', 'send-message', webhook(`${sink.url}/thanks`, '{{ event.order }}')],
          [
            'ship',
            'wait-for-event',
            { event: 'order.shipped', where: [], timeout: { amount: 1, unit: 'days' } },
          ],
          ['shipped', 'send-message', webhook(`${sink.url}/shipped`, 'on its way')],
          ['late', 'send-message', webhook(`${sink.url}/late`, 'sorry')],
          ['later', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'hours' } }],
          ['review', 'send-message', webhook(`${sink.url}/review`, 'how was it?')],
        ],
        [
          ['placed', 'thanks'],
          ['thanks', 'ship'],
          ['ship', 'shipped', 'matched'],
          ['ship', 'late', 'timeout'],
          ['shipped', 'later'],
          ['later', 'review'],
        ],
      ),
    );
    await Promise.all(env.runtimes.map((r) => r.start()));
    const [a, b] = env.runtimes as [LocalRuntime, LocalRuntime];
    const message = (
      userId: string,
      event: string,
      properties: Record<string, unknown>,
      n: number,
    ): IngestMessage => ({
      messageId: `${userId}-${n}`,
      type: 'track',
      userId,
      event,
      properties,
      traits: {},
      context: {},
      timestamp: env.clock.now(),
      receivedAt: env.clock.now(),
    });
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `c${i}`);
    // Each customer's two events go to different processes; the second must still apply second.
    await Promise.all(
      ids.map((id, i) => (i % 2 ? a : b).ingest(WORKSPACE, [message(id, 'order.placed', { order: id }, 1)])),
    );
    await Promise.all(
      ids.map((id, i) => (i % 2 ? b : a).ingest(WORKSPACE, [message(id, 'order.shipped', {}, 2)])),
    );

    await until(async () => sink.hits('/shipped').length >= CUSTOMERS, 'every order to ship');
    env.clock.advance(HOUR);
    await until(async () => sink.hits('/review').length >= CUSTOMERS, 'every review request');
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const keys = sink.requests.map((r) => String(r.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      sink
        .hits('/thanks')
        .map((r) => r.body)
        .sort(),
    ).toEqual([...ids].sort());
    expect(sink.hits('/shipped')).toHaveLength(CUSTOMERS);
    expect(sink.hits('/review')).toHaveLength(CUSTOMERS);
    expect(sink.hits('/late')).toHaveLength(0);
    const stats = await a.stats(WORKSPACE, 'orders');
    expect(stats.totals).toMatchObject({ runs: CUSTOMERS, completed: CUSTOMERS });
    expect(stats.nodes.placed?.entered).toBe(CUSTOMERS);
    const { rows } = await db.sql.executeSql(
      'select count(*)::int as n from events where processed_at is null',
    );
    expect(rows[0]?.n).toBe(0);
  });
});
