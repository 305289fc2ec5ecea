/**
 * Lifecycle analytics benchmark on DATABASE_URL (default: the local PostgreSQL), one JSON line
 * per figure, each with a baseline measured in the same run. The data is generated in SQL
 * (generate_series, a million rows per statement); BENCH_CUSTOMERS, BENCH_EVENTS and
 * BENCH_CLV_CUSTOMERS set the sizes, and a `seed` line says how long generating took:
 * - stage-funnel: `GET /api/analytics/stages` for 30 days over BENCH_CUSTOMERS customers
 *   (default 1,000,000) with BENCH_EVENTS events (default 10,000,000) and two stage moves each;
 *   baseline: a bare `count(*)` of the customers, stage_history and events it reads.
 * - lifecycle-metrics: `GET /api/analytics/metrics` for the same 30 days by day; the same baseline.
 * - segment-size: a saved segment's size ("2+ Order Completed in 30 days", read as
 *   `GET /api/segments/:id` reads it); baseline: a bare `count(*)` of its members.
 * - segment-membership-per-customer: one incremental pass after 10,000 customers changed, per
 *   customer re-evaluated; baseline: the same customers' bare event count, per customer.
 * - clv-fit-100k: fitting BG/NBD and Gamma-Gamma to 100,000 synthetic customers (day units);
 *   baseline: summarising their purchases into (frequency, recency, T, monetary).
 */
import { fitClv, type Purchase, summarize, synthesize } from '@stagecraft/clv';
import { createDatabase } from '@stagecraft/db';
import { createScratchPostgres } from '@stagecraft/db/testing';
import { DEFAULT_STAGES } from '@stagecraft/graph';
import { seededRandom } from '@stagecraft/stats';
import { lifecycleMetrics } from '../../apps/server/src/analytics/metrics';
import { AnalyticsSettingsSchema } from '../../apps/server/src/analytics/settings';
import { stageFunnel } from '../../apps/server/src/analytics/stages';
import { createSegmentService } from '../../apps/server/src/segments/service';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const CLV_CUSTOMERS = Number(process.env.BENCH_CLV_CUSTOMERS ?? 100_000);
const WORKSPACE = 'bench';
const ROUNDS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

async function time(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

function report(bench: string, value: number, baseline: number) {
  console.log(
    JSON.stringify({
      bench,
      value: round(value),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(value / baseline),
    }),
  );
}

/** Median of ROUNDS timings of `fn` and `baseline`, alternated, after one warm-up of each. */
async function compare(fn: () => unknown, baseline: () => unknown): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i <= ROUNDS; i++) {
    const ta = await time(fn);
    const tb = await time(baseline);
    if (i > 0) a.push(ta);
    if (i > 0) b.push(tb);
  }
  return [median(a), median(b)];
}

async function seed(sql: { executeSql(text: string, values?: unknown[]): Promise<unknown> }) {
  const stages = DEFAULT_STAGES.map((s) => s.id);
  await sql.executeSql(
    `insert into customers (workspace_id, customer_id, stage, stage_changed_at)
     select $1, 'user-' || g, ($2::text[])[g % 6 + 1], timestamptz '2030-01-01' + make_interval(mins => g % 86400)
     from generate_series(1, $3::int) g`,
    [WORKSPACE, stages, CUSTOMERS],
  );
  await sql.executeSql(
    `insert into stage_history (workspace_id, customer_id, from_stage, to_stage, at)
     select $1, 'user-' || g, null, ($2::text[])[1], timestamptz '2029-12-01' + make_interval(mins => g % 86400)
     from generate_series(1, $3::int) g
     union all
     select $1, 'user-' || g, ($2::text[])[1], ($2::text[])[g % 6 + 1],
       timestamptz '2030-01-01' + make_interval(mins => g % 86400)
     from generate_series(1, $3::int) g`,
    [WORKSPACE, stages, CUSTOMERS],
  );
  // Events in batches of a million, spread over the 60 days before 2030-02-01.
  for (let start = 0; start < EVENTS; start += 1_000_000) {
    await sql.executeSql(
      `insert into events (workspace_id, customer_id, message_id, type, name, properties, timestamp, received_at, processed_at)
       select $1, 'user-' || (g % $3 + 1), 'm-' || g, 'track',
         (array['Order Completed', 'Page Viewed', 'Signed Up', 'Survey Responded', 'Invite Sent'])[g % 5 + 1],
         jsonb_build_object('revenue', g % 100, 'score', g % 11),
         timestamptz '2029-12-03' + make_interval(secs => (g * 7919) % (60 * 86400)),
         now(), now()
       from generate_series($2::bigint + 1, $2::bigint + least(1000000, $4::bigint - $2::bigint)) g`,
      [WORKSPACE, start, CUSTOMERS, EVENTS],
    );
  }
  // What the runtime keeps as changes and events are applied: the daily stage counters, and each
  // customer's newest event time.
  await sql.executeSql('select stage_counters_rebuild($1)', [WORKSPACE]);
  await sql.executeSql(
    `update customers c set last_event_at = e.newest
     from (select customer_id, max(timestamp) as newest from events where workspace_id = $1 group by customer_id) e
     where c.workspace_id = $1 and c.customer_id = e.customer_id`,
    [WORKSPACE],
  );
  await sql.executeSql('analyze customers');
  await sql.executeSql('analyze stage_history');
  await sql.executeSql('analyze events');
}

async function main(): Promise<void> {
  const scratch = await createScratchPostgres();
  const database = await createDatabase({ url: scratch.url, max: 8 });
  try {
    const seeding = await time(() => seed(database.sql));
    console.log(JSON.stringify({ bench: 'seed', value: round(seeding), unit: 'ms' }));
    const settings = AnalyticsSettingsSchema.parse({});
    const period = { from: '2030-01-01', to: '2030-01-30' };
    const bare = () =>
      Promise.all([
        database.sql.executeSql('select count(*) from customers'),
        database.sql.executeSql('select count(*) from stage_history'),
        database.sql.executeSql('select count(*) from events'),
      ]);
    const size = `${Math.round(CUSTOMERS / 1000)}k-customers-${Math.round(EVENTS / 1000)}k-events`;
    const [funnel, funnelBase] = await compare(
      () =>
        stageFunnel(database.sql, {
          workspaceId: WORKSPACE,
          timeZone: 'UTC',
          stages: DEFAULT_STAGES,
          ...period,
          churnDays: 30,
          // The end of the generated events: customers and churn as of then.
          now: Date.UTC(2030, 1, 1),
        }),
      bare,
    );
    report(`stage-funnel-${size}`, funnel, funnelBase);
    const [metrics, metricsBase] = await compare(
      () =>
        lifecycleMetrics(
          { sql: database.sql, workspaceId: WORKSPACE, timeZone: 'UTC', ...period, interval: 'day' },
          settings,
        ),
      bare,
    );
    report(`lifecycle-metrics-${size}`, metrics, metricsBase);

    let clock = Date.UTC(2030, 1, 1);
    const segments = createSegmentService(database, () => clock);
    const segment = await segments.create(WORKSPACE, {
      name: 'Repeat buyers',
      rules: {
        all: [
          {
            eventCount: { event: 'Order Completed', withinSeconds: 30 * 86_400 },
            operator: 'greater_or_equal',
            value: 2,
          },
        ],
      },
    });
    const [sizeTime, countTime] = await compare(
      () => segments.get(WORKSPACE, segment.id),
      () =>
        database.sql.executeSql(
          'select count(*) from segment_members where workspace_id = $1 and segment_id = $2',
          [WORKSPACE, segment.id],
        ),
    );
    report(`segment-size-${size}`, sizeTime, countTime);
    const changed = 10_000;
    clock += 10 * 60_000;
    await segments.sweep();
    await database.sql.executeSql(
      `update customers set updated_at = $2 where workspace_id = $1 and customer_id in (
         select 'user-' || g from generate_series(1, $3::int) g)`,
      [WORKSPACE, new Date(clock + 60_000).toISOString(), changed],
    );
    clock += 2 * 60_000;
    const pass = await time(() => segments.sweep());
    const bareCounts = await time(() =>
      database.sql.executeSql(
        `select c.customer_id, (select count(*) from events e where e.workspace_id = c.workspace_id
           and e.customer_id = c.customer_id) from customers c
         where c.workspace_id = $1 and c.customer_id = any($2::text[])`,
        [WORKSPACE, Array.from({ length: changed }, (_, i) => `user-${i + 1}`)],
      ),
    );
    report(`segment-membership-per-customer-${size}`, pass / changed, bareCounts / changed);
  } finally {
    await database.close();
    await scratch.drop();
  }

  // CLV: purchase days of synthetic customers as the server reads them, summarised, then fitted.
  const customers = synthesize({
    bgnbd: { r: 0.5, alpha: 6, a: 0.9, b: 3 },
    gammaGamma: { p: 5, q: 4, v: 20 },
    customers: CLV_CUSTOMERS,
    minT: 90,
    maxT: 540,
    random: seededRandom(1),
  });
  const purchases: Purchase[] = [];
  const day = (n: number) => new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  for (const c of customers) {
    const first = 540 - Math.round(c.T);
    purchases.push({ customerId: c.customerId, day: day(first), amount: 10 });
    for (let i = 1; i <= c.frequency; i++) {
      const at = i === c.frequency ? c.recency : (c.recency * i) / c.frequency;
      purchases.push({ customerId: c.customerId, day: day(first + Math.round(at)), amount: c.monetary });
    }
  }
  let summaries: ReturnType<typeof summarize> = [];
  const baseline = await time(() => {
    summaries = summarize(purchases, day(540), 'days');
  });
  const fit = await time(() => {
    const result = fitClv(summaries);
    if (!result.ok) throw new Error(result.reason);
  });
  report(`clv-fit-${Math.round(CLV_CUSTOMERS / 1000)}k`, fit, baseline);
}

await main();
