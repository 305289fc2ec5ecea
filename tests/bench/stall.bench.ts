/**
 * Event-loop stall benchmark, one JSON line: the longest time the server's event loop was held
 * (perf_hooks monitorEventLoopDelay, max) while one event enters a 10,000-step journey, from the
 * POST /v1/track to the run's steps committed, against the same for a 10-step journey measured
 * in the same run. The first event into a journey after it is published also compiles it (the
 * runtime's cache is empty), so each figure is the first event's; `warm` is a second customer's.
 * Runs in-process on a scratch database of DATABASE_URL (default: the local PostgreSQL); PGlite
 * would run its queries on the same event loop and be measured too.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTestDatabase } from '@stagecraft/db/testing';
import { bootstrap, buildApp, createRepositories, loadConfig } from '@stagecraft/server';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
type App = Awaited<ReturnType<typeof buildApp>>;

const STEPS = Number(process.env.BENCH_STALL_STEPS ?? 9_998);
const WRITE_KEY = 'bench-write-key-000000001';
const ADMIN_TOKEN = 'bench-admin-token-00000001';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const writer = { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` };

/** A trigger on `bench.entered`, then `actions` profile updates and tags in a row. */
function chainJourney(actions: number) {
  const at = (i: number) => ({ x: i * 10, y: 0 });
  const nodes: { id: string; type: string; typeVersion: number; position: object; config: object }[] = [
    {
      id: 'start',
      type: 'event-trigger',
      typeVersion: 1,
      position: at(0),
      config: { event: 'bench.entered' },
    },
  ];
  for (let i = 1; i <= actions; i++) {
    const config =
      i % 2 === 0
        ? { op: 'add', tag: `tag-${i % 50}` }
        : { set: [{ field: `field_${i % 50}`, value: i }], unset: [] };
    nodes.push({
      id: `n${i}`,
      type: i % 2 === 0 ? 'tag' : 'update-profile',
      typeVersion: 1,
      position: at(i),
      config,
    });
  }
  const edges = nodes
    .slice(1)
    .map((node, i) => ({ id: `e${i}`, source: nodes[i]?.id as string, sourcePort: 'out', target: node.id }));
  return { name: `Chain of ${actions}`, nodes, edges };
}

async function call(app: App, method: 'POST' | 'GET', url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: url.startsWith('/v1') ? writer : admin,
    payload: payload as never,
  });
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json() as Record<string, unknown>;
}

/** Publishes the journey, then sends one event per customer and measures the loop while each enters. */
async function stalls(app: App, actions: number, label: string) {
  const created = await call(app, 'POST', '/api/journeys', { document: chainJourney(actions) });
  await call(app, 'POST', `/api/journeys/${created.id}/publish`, {});
  const measured: number[] = [];
  for (const who of ['first', 'second']) {
    const customerId = `${label}-${who}`;
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const began = performance.now();
    await call(app, 'POST', '/v1/track', {
      userId: customerId,
      event: 'bench.entered',
      messageId: customerId,
    });
    for (;;) {
      const detail = await app.inject({ url: `/api/customers/${customerId}`, headers: admin });
      const runs = detail.statusCode === 200 ? (detail.json().runs as { status: string }[]) : [];
      if (runs.some((run) => run.status === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    histogram.disable();
    if (process.env.BENCH_DEBUG)
      console.error(label, who, performance.now() - began, histogram.count, histogram.max);
    measured.push(histogram.max / 1e6);
  }
  return { first: measured[0] as number, warm: measured[1] as number };
}

async function main() {
  const database = await createTestDatabase('postgres');
  const config = loadConfig({
    STAGECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
    STAGECRAFT_WRITE_KEY: WRITE_KEY,
    LOG_LEVEL: 'silent',
  });
  const boot = await bootstrap(createRepositories(database), config, []);
  const app = await buildApp({
    config,
    database,
    signingSecret: boot.signingSecret,
    webRoot: null,
    logger: false,
  });
  await app.ready();
  try {
    const base = await stalls(app, 10, 'small');
    const big = await stalls(app, STEPS, 'big');
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'event-loop-stall-10000-step-entry',
        value: round(big.first),
        unit: 'ms max delay',
        baseline: round(base.first),
        ratio: round(big.first / base.first),
        warm: round(big.warm),
        baselineWarm: round(base.warm),
        nodes: STEPS + 1,
      }),
    );
  } finally {
    await app.close();
    await database.close();
  }
}

await main();
