/**
 * Runtime benchmarks against a real server process on DATABASE_URL (default: the local
 * PostgreSQL), one JSON line per figure, each with a baseline measured in the same run, right
 * before that figure:
 * - baseline: raw postgres.js, a batched UPDATE of one 1 KB jsonb row per event, 100 events per
 *   statement, on as many connections as the server's pool (10);
 * - e2e-events-per-second: 60,000 events (a sustained load, past start-up and JIT warm-up) as
 *   POST /v1/batch of 100 events from 10 concurrent senders -> applied -> effects committed, with p50/p99 latency from the
 *   POST to the committing transaction and the CPU time the server and Postgres spent per event
 *   (target: ratio >= 0.25);
 * - e2e-latency-at-500-events-per-second: the same latency when the server keeps up (one batch
 *   every 200 ms), since latency under saturation mostly measures the queue;
 * - timer-wakeups-per-second: 100,000 runs waiting, all due, until each has woken, sent its
 *   message and completed (target: ratio >= 0.25);
 * - server-rss-1m-waiting: the server's resident memory with 1,000,000 waiting runs (and their
 *   timer jobs) stored while it takes traffic (target: < 400 MB).
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createScratchPostgres } from '@stagecraft/db/testing';
import postgres from 'postgres';
import { childPids, type ServerProcess, startServerProcess } from '../integration/server-process';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const POOL = 10;
const BATCH = 100;
const E2E_EVENTS = Number(process.env.BENCH_E2E_EVENTS ?? 60_000);
/** Concurrent senders: as many batches in flight as the baseline has statements (its connections). */
const E2E_CLIENTS = Number(process.env.BENCH_CLIENTS ?? POOL);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 100_000);
const STORED = Number(process.env.BENCH_STORED ?? 1_000_000);
/**
 * Server processes for the throughput figures (STAGECRAFT_PROCESSES): `auto`, one per core, is
 * how operations.md says to run on a host of its own. The memory figure is for one process.
 */
const PROCESSES = process.env.BENCH_PROCESSES ?? 'auto';
const WRITE_KEY = 'bench-write-key-000000001';
const ADMIN_TOKEN = 'bench-admin-token-00000001';

function emit(
  bench: string,
  value: number,
  unit: string,
  baseline: number | null,
  extra: Record<string, unknown> = {},
) {
  const round = (n: number) => Math.round(n * 100) / 100;
  const ratio = baseline === null ? undefined : round(value / baseline);
  console.log(
    JSON.stringify({
      bench,
      value: round(value),
      unit,
      baseline: baseline === null ? undefined : round(baseline),
      ratio,
      ...extra,
    }),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withScratch<T>(fn: (url: string, sql: postgres.Sql) => Promise<T>): Promise<T> {
  const scratch = await createScratchPostgres();
  const sql = postgres(scratch.url, { max: POOL, onnotice: () => undefined });
  try {
    return await fn(scratch.url, sql);
  } finally {
    await sql.end();
    await scratch.drop();
  }
}

/** Raw postgres.js: one 1 KB jsonb row updated per event, 100 per statement, POOL statements at once. */
async function baseline(events: number): Promise<number> {
  return withScratch(async (_url, sql) => {
    const rows = 20_000;
    const payload = { blob: 'x'.repeat(1000) };
    await sql`create table bench_rows (id int primary key, data jsonb not null)`;
    await sql`insert into bench_rows select g, ${sql.json(payload)} from generate_series(0, ${rows - 1}) g`;
    let next = 0;
    const batches = Math.ceil(events / BATCH);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: POOL }, async () => {
        for (let b = next++; b < batches; b = next++) {
          const values = Array.from({ length: BATCH }, (_, i) => ({
            id: (b * BATCH + i) % rows,
            data: { ...payload, n: b },
          }));
          await sql`update bench_rows r set data = v.data
            from jsonb_to_recordset(${sql.json(values)}) as v(id int, data jsonb) where r.id = v.id`;
        }
      }),
    );
    return (batches * BATCH) / ((performance.now() - started) / 1000);
  });
}

async function api(server: ServerProcess, path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({
  id,
  type,
  typeVersion: 1,
  position: { x, y: 0 },
  config,
});
const email = (body: string) => ({
  channel: 'email',
  name: 'Bench',
  subject: 'Bench',
  body,
  to: 'bench@example.com',
  url: null,
});

async function publish(server: ServerProcess, document: Record<string, unknown>): Promise<string> {
  const created = await api(server, '/api/journeys', { document });
  await api(server, `/api/journeys/${created.id}/publish`, {});
  return String(created.id);
}

const serverEnv = (url: string, processes = PROCESSES) => ({
  DATABASE_URL: url,
  STAGECRAFT_WRITE_KEY: WRITE_KEY,
  STAGECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
  STAGECRAFT_PROCESSES: processes,
});

const writeAuth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;

/** One /v1/batch of 100 track events; each carries its send time, which its message echoes. */
async function postBatch(server: ServerProcess, id: string, b: number): Promise<void> {
  const sentAt = new Date().toISOString();
  const batch = Array.from({ length: BATCH }, (_, i) => ({
    type: 'track',
    messageId: `${id}-${i}`,
    userId: `u${(b * BATCH + i) % 5_000}`,
    event: 'item.viewed',
    properties: { sentAt, sku: `sku-${i}` },
  }));
  const { status, text } = await post(`${server.url}/v1/batch`, JSON.stringify({ batch }));
  if (status !== 200) throw new Error(`batch ${id}: ${status} ${text}`);
}

/**
 * The load generator shares the machine with what it measures, so it posts with node:http over
 * kept-alive connections: with fetch it spent 13 µs of CPU per event instead of 8.
 */
const agent = new Agent({ keepAlive: true, maxSockets: E2E_CLIENTS });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: writeAuth,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Waits until `count` messages are committed. node_counters is written in the same transaction
 * as the outbox rows and is tiny to read (counting the messages table would load the database
 * being measured).
 */
async function committed(sql: postgres.Sql, count: number): Promise<void> {
  for (;;) {
    const [row] =
      await sql`select coalesce(sum(entered), 0)::int as n from node_counters where node_id = 'mail'`;
    if (row!.n >= count) return;
    await sleep(10);
  }
}

/** Milliseconds from each POST to the transaction that committed its message, sorted. */
async function latencies(sql: postgres.Sql, since: Date): Promise<number[]> {
  const rows = await sql`
    select extract(epoch from (created_at - body::timestamptz)) * 1000 as ms from messages where created_at >= ${since}`;
  return rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
}

/**
 * CPU time used so far (ms) by the server (its process and the processes it supervises) and by
 * the Postgres backends serving this database: a figure that, unlike throughput, hardly moves
 * when other work shares the machine.
 */
async function cpuMs(pid: number, sql: postgres.Sql): Promise<{ server: number; postgres: number }> {
  const ticks = (p: number) => {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (10 ms).
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return 0;
    }
  };
  const backends =
    await sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
  const server = [pid, ...childPids(pid)].reduce((sum, p) => sum + ticks(p), 0);
  return { server, postgres: backends.reduce((sum, r) => sum + ticks(Number(r.pid)), 0) };
}

/** Batches of 100 track events posted by E2E_CLIENTS senders; done when every event's message row is committed. */
async function endToEnd(): Promise<void> {
  const base = await measuredBaseline('e2e-events-per-second');
  await withScratch(async (url, sql) => {
    const server = await startServerProcess(serverEnv(url));
    try {
      await publish(server, {
        name: 'Bench events',
        nodes: [
          node('t', 'event-trigger', { event: 'item.viewed', where: [] }, 0),
          node('mail', 'send-message', email('{{ event.sentAt }}'), 200),
        ],
        edges: [{ id: 'e', source: 't', target: 'mail' }],
        settings: { reentry: { policy: 'always', cooldownSeconds: 0 } },
      });
      const batches = Math.ceil(E2E_EVENTS / BATCH);
      let next = 0;
      const cpuBefore = await cpuMs(server.pid, sql);
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: E2E_CLIENTS }, async () => {
          for (let b = next++; b < batches; b = next++) await postBatch(server, `e-${b}`, b);
        }),
      );
      const total = batches * BATCH;
      await committed(sql, total);
      const cpuAfter = await cpuMs(server.pid, sql);
      const client = process.cpuUsage(clientBefore);
      const seconds = (performance.now() - started) / 1000;
      const saturated = await latencies(sql, new Date(0));
      emit('e2e-events-per-second', total / seconds, 'events/s', base, {
        target: '>= 0.25',
        events: total,
        serverProcesses: Math.max(1, childPids(server.pid).length),
        p50Ms: Math.round(percentile(saturated, 0.5)),
        p99Ms: Math.round(percentile(saturated, 0.99)),
        serverCpuUsPerEvent: Math.round(((cpuAfter.server - cpuBefore.server) * 1000) / total),
        postgresCpuUsPerEvent: Math.round(((cpuAfter.postgres - cpuBefore.postgres) * 1000) / total),
        // The load generator (this process) shares the machine too.
        senderCpuUsPerEvent: Math.round((client.user + client.system) / total),
      });

      // Latency when the server keeps up: one batch every 200 ms (500 events/s) for 10 s.
      const pacedFrom = new Date();
      for (let b = 0; b < 50; b++) {
        const tick = performance.now();
        await postBatch(server, `p-${b}`, b);
        await sleep(Math.max(0, 200 - (performance.now() - tick)));
      }
      await committed(sql, total + 50 * BATCH);
      const paced = await latencies(sql, pacedFrom);
      emit('e2e-latency-at-500-events-per-second', percentile(paced, 0.5), 'ms p50', null, {
        p99Ms: Math.round(percentile(paced, 0.99)),
        events: paced.length,
      });
    } finally {
      if (process.env.BENCH_SERVER_OUTPUT) process.stderr.write(server.output());
      await server.stop();
    }
  });
}

/** A journey whose runs wait at `wait` (entered once through the API), and a clone of that run per customer. */
async function waitingRuns(
  server: ServerProcess,
  sql: postgres.Sql,
  count: number,
  due: boolean,
): Promise<string> {
  const journeyId = await publish(server, {
    name: 'Bench timers',
    nodes: [
      node('api', 'api-trigger', {}, 0),
      node('wait', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }, 200),
      node('mail', 'send-message', email('woke up'), 400),
    ],
    edges: [
      { id: 'e1', source: 'api', target: 'wait' },
      { id: 'e2', source: 'wait', target: 'mail' },
    ],
  });
  const { runId } = await api(server, `/api/journeys/${journeyId}/enter`, {
    customerId: 'template',
    properties: {},
  });
  await server.stop();
  const startAfter = due ? sql`now() - interval '1 second'` : sql`now() + interval '1 day'`;
  // Clone the template run, its customer and its timer job, in chunks to keep each statement small.
  for (let from = 1; from <= count; from += 100_000) {
    const to = Math.min(count, from + 99_999);
    await sql.begin(async (tx) => {
      await tx`insert into customers (workspace_id, customer_id, traits, time_zone, tags)
        select workspace_id, 'c' || g, traits, time_zone, tags
        from customers, generate_series(${from}::int, ${to}::int) g where customer_id = 'template'`;
      await tx`insert into journey_runs (workspace_id, customer_id, id, journey_id, version, status, state, current_node_id,
          wake_at, trigger_node_id, entered_at, updated_at)
        select workspace_id, 'c' || g, 'run-' || g, journey_id, version, status,
          jsonb_set(jsonb_set(state::jsonb, '{runId}', to_jsonb('run-' || g)), '{customerId}', to_jsonb('c' || g))::json,
          current_node_id, ${startAfter}, trigger_node_id, entered_at, updated_at
        from journey_runs, generate_series(${from}::int, ${to}::int) g where id = ${String(runId)}`;
      await tx`insert into jobs (workspace_id, customer_id, queue, data, due_at)
        select workspace_id, 'c' || g, queue,
          jsonb_set(jsonb_set(data, '{runId}', to_jsonb('run-' || g)), '{customerId}', to_jsonb('c' || g)), ${startAfter}
        from jobs, generate_series(${from}::int, ${to}::int) g
        where queue = 'timer' and data->>'runId' = ${String(runId)}`;
    });
  }
  await sql`vacuum analyze`;
  // Write the clones out now, so that neither the baseline nor the figure pays for it.
  await sql`checkpoint`.catch(() => undefined);
  return journeyId;
}

/** 100,000 runs waiting, all due: how fast one server wakes them (each sends a message and completes). */
async function timerWakeups(): Promise<void> {
  await withScratch(async (url, sql) => {
    await waitingRuns(await startServerProcess(serverEnv(url)), sql, TIMERS, true);
    const base = await measuredBaseline('timer-wakeups-per-second');
    const server = await startServerProcess(serverEnv(url));
    try {
      const cpuBefore = await cpuMs(server.pid, sql);
      const started = performance.now();
      for (;;) {
        const [row] =
          await sql`select coalesce(sum(runs), 0)::int as n from journey_counters where outcome = 'completed'`;
        if (row!.n >= TIMERS) break;
        await sleep(50);
      }
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = await cpuMs(server.pid, sql);
      if (process.env.BENCH_SERVER_OUTPUT) process.stderr.write(server.output());
      emit('timer-wakeups-per-second', TIMERS / seconds, 'wake-ups/s', base, {
        target: '>= 0.25',
        runs: TIMERS,
        serverProcesses: Math.max(1, childPids(server.pid).length),
        serverCpuUsPerWakeUp: Math.round(((cpuAfter.server - cpuBefore.server) * 1000) / TIMERS),
        postgresCpuUsPerWakeUp: Math.round(((cpuAfter.postgres - cpuBefore.postgres) * 1000) / TIMERS),
      });
    } finally {
      await server.stop();
    }
  });
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Resident memory of a server with 1,000,000 waiting runs stored, while it ingests and processes events. */
async function serverRss(): Promise<void> {
  await withScratch(async (url, sql) => {
    await waitingRuns(await startServerProcess(serverEnv(url, '1')), sql, STORED, false);
    const server = await startServerProcess(serverEnv(url, '1'));
    try {
      const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
      let max = 0;
      for (let second = 0; second < 20; second++) {
        const batch = Array.from({ length: BATCH }, (_, i) => ({
          type: 'identify',
          messageId: `rss-${second}-${i}`,
          userId: `c${1 + (((second * BATCH + i) * 7919) % STORED)}`,
          traits: { seen: second },
        }));
        await fetch(`${server.url}/v1/batch`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify({ batch }),
        });
        await sleep(1_000);
        max = Math.max(max, rssMb(server.pid).rss);
      }
      const [runs] = await sql`select count(*)::int as n from journey_runs where status = 'active'`;
      emit('server-rss-1m-waiting', max, 'MB', null, {
        target: '< 400',
        waitingRuns: runs!.n,
        peakMb: Math.round(rssMb(server.pid).peak),
      });
    } finally {
      await server.stop();
    }
  });
}

/**
 * The baseline, measured right before the figure it is for: the machine is shared, and its speed
 * drifts within a run, so each ratio compares two measurements taken under the same conditions.
 */
async function measuredBaseline(figure: string): Promise<number> {
  const base = await baseline(50_000);
  emit('baseline-batched-jsonb-update', base, 'events/s', null, {
    for: figure,
    connections: POOL,
    batch: BATCH,
    rowBytes: 1000,
  });
  return base;
}

/** BENCH_ONLY=e2e,timers,rss runs a subset. */
const only = new Set((process.env.BENCH_ONLY ?? 'e2e,timers,rss').split(','));
if (only.has('e2e')) await endToEnd();
if (only.has('timers')) await timerWakeups();
if (only.has('rss')) await serverRss();
agent.destroy();
