import type { ServerProcess } from './server-process';
import type { Sink } from './sink';

/**
 * Customers in the stream; each sends an identify and an order, so 2 events, 2 webhooks and an
 * email each.
 */
export const CUSTOMERS = 300;
const PER_REQUEST = 15;
const ADMIN_TOKEN = 'crash-test-admin-token-0001';
const WRITE_KEY = 'crash-test-write-key-0001';

/** The server environment every crash scenario shares: fixed credentials, so restarts keep them. */
export const credentials = {
  STAGECRAFT_WRITE_KEY: WRITE_KEY,
  STAGECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
  STAGECRAFT_SIGNING_SECRET: 'crash-test-signing-secret',
  // The sink listens on 127.0.0.1, which outbound requests reach only when allowed.
  STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Order placed -> thank-you webhook -> receipt email -> wait until ship_at minus a minute -> shipped webhook. */
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
      id: 'receipt',
      type: 'send-message',
      typeVersion: 1,
      position: { x: 300, y: 0 },
      config: {
        channel: 'email',
        name: 'receipt',
        subject: 'Your order',
        body: '<p>Thanks for your order.</p>',
        to: null,
        url: null,
        category: 'transactional',
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
    { id: 'e2', source: 'thanks', target: 'receipt' },
    { id: 'e5', source: 'receipt', target: 'ship' },
    { id: 'e3', source: 'ship', target: 'shipped' },
    { id: 'e4', source: 'shipped', target: 'done' },
  ],
});

/** A management API call with the admin token; throws on any status but 2xx. */
export async function api<T = Record<string, unknown>>(
  server: ServerProcess,
  path: string,
  body?: unknown,
  method: 'GET' | 'POST' | 'PUT' = body === undefined ? 'GET' : 'POST',
): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** Sends email to the sink's SMTP server, then creates and publishes the orders journey; returns its id. */
export async function publishOrders(server: ServerProcess, sink: Sink): Promise<string> {
  const email = { provider: 'smtp', host: '127.0.0.1', port: sink.smtpPort, from: 'Shop <orders@shop.test>' };
  await api(server, '/api/settings/channels/email', email, 'PUT');
  const created = await api(server, '/api/journeys', { document: orders(sink.url) });
  await api(server, `/api/journeys/${created.id}/publish`, {});
  return String(created.id);
}

/** Each customer: identify (ship_at ~0-3 s after the wait's one-minute lead) then order.placed. */
export function batches(): unknown[][] {
  const all: unknown[][] = [];
  for (let start = 0; start < CUSTOMERS; start += PER_REQUEST) {
    const batch: unknown[] = [];
    for (let i = start; i < Math.min(CUSTOMERS, start + PER_REQUEST); i++) {
      const shipAt = new Date(Date.now() + 60_000 + 1_000 + ((i * 37) % 3_000)).toISOString();
      batch.push({
        type: 'identify',
        messageId: `id-${i}`,
        userId: `c${i}`,
        traits: { ship_at: shipAt, email: `c${i}@shop.test` },
      });
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
export async function stream(
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
        await sleep(100);
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
      await sleep(100);
    }
    await sleep(pauseMs);
  }
}

/** The server processes of a scenario, as they come and go; stop them all when it ends. */
export interface Fleet {
  servers: ServerProcess[];
}

/**
 * Streams every batch to the fleet while, after `killAfterMs`, its first server is killed with
 * SIGKILL and replaced by `restart()`. Resolves with how many batches had been accepted at the
 * kill, so a test can assert that it landed mid-stream.
 */
export async function streamThroughKill(
  fleet: Fleet,
  restart: () => Promise<ServerProcess>,
  killAfterMs: number,
): Promise<number> {
  const progress = { sent: 0 };
  let sentAtKill = -1;
  const crash = (async () => {
    await sleep(killAfterMs);
    const victim = fleet.servers[0]!;
    sentAtKill = progress.sent;
    fleet.servers = fleet.servers.slice(1);
    await victim.kill9();
    fleet.servers = [await restart(), ...fleet.servers];
  })();
  // Settle the crash before reporting a failed stream, so its replacement is in the fleet.
  const streamed = await stream(() => fleet.servers, 150, progress).then(
    () => null,
    (error: unknown) => ({ error }),
  );
  await crash;
  if (streamed) throw streamed.error;
  return sentAtKill;
}

/** Polls `check` every 250 ms until it returns true; after `timeoutMs`, throws with `describe()`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not done in ${timeoutMs} ms: ${await describe()}`);
    await sleep(250);
  }
}
