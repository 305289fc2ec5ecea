import { createScratchPostgres } from '@stagecraft/db/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from './server-process';
import { startSink } from './sink';

const CUSTOMERS = 300;
const PER_REQUEST = 15;
const WRITE_KEY = 'crash-test-write-key-0001';
const ADMIN_TOKEN = 'crash-test-admin-token-0001';

/** Order placed -> thank-you webhook -> wait until ship_at minus a minute -> shipped webhook. */
const orders = (sink: string) => ({
  name: 'Orders',
  nodes: [
    {
      id: 'placed',
      type: 'event-trigger',
      typeVersion: 1,
      position: { x: 0, y: 0 },
      config: { event: 'order.placed', where: [] },
    },
    {
      id: 'thanks',
      type: 'send-message',
      typeVersion: 1,
      position: { x: 200, y: 0 },
      config: {
        channel: 'webhook',
        name: 'thanks',
        subject: '',
        body: '{{ event.order }}',
        to: null,
        url: `${sink}/thanks`,
      },
    },
    {
      id: 'ship',
      type: 'wait',
      typeVersion: 1,
      position: { x: 400, y: 0 },
      config: {
        mode: 'profile-date',
        field: 'ship_at',
        offset: { amount: 1, unit: 'minutes', direction: 'before' },
      },
    },
    {
      id: 'shipped',
      type: 'send-message',
      typeVersion: 1,
      position: { x: 600, y: 0 },
      config: {
        channel: 'webhook',
        name: 'shipped',
        subject: '',
        body: 'shipped',
        to: null,
        url: `${sink}/shipped`,
      },
    },
    { id: 'done', type: 'exit', typeVersion: 1, position: { x: 800, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'placed', target: 'thanks' },
    { id: 'e2', source: 'thanks', target: 'ship' },
    { id: 'e3', source: 'ship', target: 'shipped' },
    { id: 'e4', source: 'shipped', target: 'done' },
  ],
});

async function api(server: ServerProcess, path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

/** Each customer: identify (ship_at ~0-3 s after the wait's one-minute lead) then order.placed. */
function batches(): unknown[][] {
  const all: unknown[][] = [];
  for (let start = 0; start < CUSTOMERS; start += PER_REQUEST) {
    const batch: unknown[] = [];
    for (let i = start; i < Math.min(CUSTOMERS, start + PER_REQUEST); i++) {
      const shipAt = new Date(Date.now() + 60_000 + 1_000 + ((i * 37) % 3_000)).toISOString();
      batch.push({ type: 'identify', messageId: `id-${i}`, userId: `c${i}`, traits: { ship_at: shipAt } });
      batch.push({
        type: 'track',
        messageId: `placed-${i}`,
        userId: `c${i}`,
        event: 'order.placed',
        properties: { order: `o${i}` },
      });
    }
    all.push(batch);
  }
  return all;
}

/**
 * Posts every batch to the servers in turn. A request cut off by a crash is sent again to a
 * live server with the same messageIds: the client cannot know whether it was stored.
 */
async function stream(
  servers: () => ServerProcess[],
  pauseMs: number,
  progress: { sent: number },
): Promise<void> {
  let turn = 0;
  for (const batch of batches()) {
    for (let attempt = 0; ; attempt++) {
      const live = servers();
      const server = live[turn++ % Math.max(1, live.length)];
      if (!server) {
        // Every server is down (the only one is restarting): wait for it.
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const ok = await fetch(`${server.url}/v1/batch`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ batch }),
      }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        progress.sent++;
        break;
      }
      if (attempt > 200) throw new Error('ingestion kept failing');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

describe.skipIf(!process.env.DATABASE_URL)('crash safety on Postgres', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  async function scenario(processes: number) {
    const scratch = await createScratchPostgres();
    const sql = postgres(scratch.url, { max: 1, onnotice: () => undefined });
    const env = {
      DATABASE_URL: scratch.url,
      STAGECRAFT_WRITE_KEY: WRITE_KEY,
      STAGECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
      STAGECRAFT_SIGNING_SECRET: 'crash-test-signing-secret',
    };
    let servers: ServerProcess[] = [];
    try {
      servers = [await startServerProcess(env)];
      for (let i = 1; i < processes; i++) servers.push(await startServerProcess(env));
      const created = await api(servers[0]!, '/api/journeys', { document: orders(sink.url) });
      await api(servers[0]!, `/api/journeys/${created.id}/publish`, {});

      // Kill the first server mid-stream, with events, timers and deliveries in flight; restart it.
      const progress = { sent: 0 };
      let sentAtKill = -1;
      const crash = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const victim = servers[0]!;
        sentAtKill = progress.sent;
        servers = servers.slice(1);
        await victim.kill9();
        const replacement = await startServerProcess(env);
        servers = [replacement, ...servers];
      })();
      await stream(() => servers, 150, progress);
      await crash;
      expect(sentAtKill).toBeGreaterThan(0);
      expect(sentAtKill).toBeLessThan(batches().length);

      const deadline = Date.now() + 90_000;
      for (;;) {
        const [state] = await sql`
          select (select count(*)::int from events where processed_at is null) as pending,
                 (select count(*)::int from journey_runs where status = 'completed') as completed,
                 (select count(*)::int from messages where status in ('queued', 'failed')) as undelivered`;
        if (state!.pending === 0 && state!.completed === CUSTOMERS && state!.undelivered === 0) break;
        if (Date.now() > deadline)
          throw new Error(`not done: ${JSON.stringify(state)}\n${servers.map((s) => s.output()).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }

      // Every event stored and applied once.
      const [events] = await sql`select count(*)::int as n, count(processed_at)::int as applied from events`;
      expect(events).toEqual({ n: 2 * CUSTOMERS, applied: 2 * CUSTOMERS });
      const repeated = await sql`
        select r.run_id, s->>'nodeId', s->>'visit', s->>'kind'
        from run_steps r, jsonb_array_elements(r.steps) s group by 1, 2, 3, 4 having count(*) > 1`;
      expect(repeated).toEqual([]);
      // No run lost, none doubled: one completed run per customer.
      const runs =
        await sql`select customer_id, count(*)::int as n from journey_runs group by 1 having count(*) <> 1`;
      expect(runs).toEqual([]);
      const [entered] = await sql`
        select count(*)::int as n from run_steps r, jsonb_array_elements(r.steps) s
        where s->>'nodeId' = 'placed' and s->>'kind' = 'entered'`;
      expect(entered!.n).toBe(CUSTOMERS);
      const [counted] = await sql`select entered::int from node_counters where node_id = 'placed'`;
      expect(counted!.entered).toBe(CUSTOMERS);
      // No idempotency key delivered twice. A call cut off by the kill stays `sending`: its outcome
      // is unknown, so it is never retried automatically.
      expect([...sink.byKey.values()].filter((n) => n > 1)).toEqual([]);
      const messages = await sql`select id, status from messages`;
      expect(messages).toHaveLength(2 * CUSTOMERS);
      for (const m of messages) {
        expect(['sent', 'sending']).toContain(m.status);
        if (m.status === 'sent') expect(sink.byKey.get(m.id)).toBe(1);
      }
      const interrupted = messages.filter((m) => m.status === 'sending').length;
      return { interrupted, sent: messages.length - interrupted };
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await sql.end();
      await scratch.drop();
    }
  }

  it('a server killed with SIGKILL mid-stream and restarted applies every event once, loses no run and sends no key twice', async () => {
    const before = sink.byKey.size;
    const outcome = await scenario(1);
    expect(outcome.sent + outcome.interrupted).toBe(2 * CUSTOMERS);
    expect(sink.byKey.size - before).toBeGreaterThanOrEqual(outcome.sent);
  }, 180_000);

  it('two server processes on one Postgres, one of them killed and restarted, give the same outcome', async () => {
    const outcome = await scenario(2);
    expect(outcome.sent + outcome.interrupted).toBe(2 * CUSTOMERS);
  }, 180_000);
});
