import type { SqlExecutor } from '@stagecraft/db';
import { TEST_CLOCK_CUSTOMERS } from './calendar';
import type { AnalyticsSettings } from './settings';

export type Interval = 'day' | 'week' | 'month';
export type MetricUnit = 'ratio' | 'currency' | 'score' | 'percent';

export interface MetricPoint {
  /** First day of the bucket (`YYYY-MM-DD`), clipped to the period's start. */
  start: string;
  /** The metric, or null when nothing in the bucket could be measured (a rate without a denominator). */
  value: number | null;
  /** How many things it was measured over: the denominator of a rate, orders for revenue, answers for NPS. */
  count: number;
}

export interface MetricSeries {
  id: string;
  name: string;
  unit: MetricUnit;
  points: MetricPoint[];
}

interface Context {
  sql: SqlExecutor;
  workspaceId: string;
  timeZone: string;
  from: string;
  to: string;
  interval: Interval;
}

/**
 * Buckets of the period: calendar days, ISO weeks (from Monday) or months in the workspace's
 * zone, each with its start `s` and end `e` as instants, clipped to `[from, to]`. Parameters:
 * $1 workspace, $2 zone, $3 from, $4 to, $5 interval.
 */
const BUCKETS = `buckets as (
  select to_char(greatest(d, $3::date::timestamp), 'YYYY-MM-DD') as day,
    (greatest(d, $3::date::timestamp) at time zone $2) as s,
    (least(d + ('1 ' || $5)::interval, ($4::date + 1)::timestamp) at time zone $2) as e
  from generate_series(date_trunc($5, $3::date::timestamp), $4::date::timestamp, ('1 ' || $5)::interval) d
)`;

const PERIOD_START = '($3::date::timestamp at time zone $2)';
const PERIOD_END = '(($4::date + 1)::timestamp at time zone $2)';

/** Whether an instant lies in the period. */
const inPeriod = (column: string) => `${column} >= ${PERIOD_START} and ${column} < ${PERIOD_END}`;

/**
 * The bucket (its `day` in BUCKETS) an instant of the period falls in: computed from the instant
 * alone, so each query reads its rows once and groups them instead of joining every bucket.
 */
const bucketOf = (column: string) =>
  `to_char(greatest(date_trunc($5, ${column} at time zone $2), $3::date::timestamp), 'YYYY-MM-DD')`;

/** An event of the workspace's real customers (a test clock's events carry its id). */
const real = (alias: string) => `${alias}.workspace_id = $1 and ${alias}.clock_id is null`;

/** A track event of the workspace's real customers named by parameter `$n`. */
const track = (alias: string, n: number) =>
  `${real(alias)} and ${alias}.type = 'track' and ${alias}.name = $${n}`;

/** A numeric property (named by parameter `$n`) as float8, or null. */
const numeric = (alias: string, n: number) =>
  `case when jsonb_typeof(${alias}.properties->($${n}::text)) = 'number' then (${alias}.properties->>($${n}::text))::float8 end`;

/** Every lifecycle metric over the period, one series each, in the order docs/analytics.md defines them. */
export async function lifecycleMetrics(
  ctx: Context,
  settings: AnalyticsSettings,
): Promise<{ buckets: string[]; metrics: MetricSeries[] }> {
  const m = settings.metrics;
  const base = [ctx.workspaceId, ctx.timeZone, ctx.from, ctx.to, ctx.interval];
  const run = async (text: string, extra: unknown[]) =>
    (await ctx.sql.executeSql(`with ${BUCKETS} ${text}`, [...base, ...extra])).rows;
  const [
    buckets,
    acquisition,
    activation,
    repeat,
    churn,
    referral,
    revenue,
    nps,
    csat,
    delivery,
    opens,
    clicks,
  ] = await Promise.all([
    // $1 is named so every query binds the same typed parameters.
    run('select day, $1::text as workspace from buckets order by day', []),
    run(
      `, firsts as (select customer_id, min(timestamp) as t from events e where ${real('e')} group by customer_id),
         signups as (select customer_id, min(timestamp) as t from events e where ${track('e', 6)} group by customer_id)
       select ${bucketOf('f.t')} as day, count(*) as den,
         count(s.customer_id) filter (where ${bucketOf('s.t')} = ${bucketOf('f.t')}) as num
       from firsts f left join signups s on s.customer_id = f.customer_id
       where ${inPeriod('f.t')} group by 1`,
      [m.acquisition.event],
    ),
    run(
      `, signups as (select customer_id, min(timestamp) as t from events e where ${track('e', 6)} group by customer_id)
       select ${bucketOf('s.t')} as day, count(*) as den,
         count(*) filter (where exists (select 1 from events a where ${track('a', 7)} and a.customer_id = s.customer_id
           and a.timestamp >= s.t and a.timestamp < s.t + make_interval(days => $8))) as num
       from signups s where ${inPeriod('s.t')} group by 1`,
      [m.acquisition.event, m.activation.event, m.activation.withinDays],
    ),
    run(
      `, days as (
           select customer_id, t, row_number() over (partition by customer_id order by t) as n
           from (select customer_id, min(timestamp) as t from events e where ${track('e', 6)}
             and e.timestamp < ${PERIOD_END} group by customer_id, (timestamp at time zone $2)::date) x)
       select day, count(*) as den, count(*) filter (where n >= 2) as num from (
         select ${bucketOf('p.t')} as day, p.customer_id, max(p.n) as n
         from days p where ${inPeriod('p.t')} group by 1, 2) x
       group by day`,
      [m.purchase.event],
    ),
    run(
      // Activity by local day, read once, folded into each customer's spans of bucket starts
      // "with an event in the churnDays days before" (covered dates a..z): a day d covers d+1 to
      // d+N, and days at most N apart join one span. A bucket's churned customers are those whose
      // span covering its start ends before its end date, unless a later span covers that date.
      `, activity as (
           select distinct customer_id, (timestamp at time zone $2)::date as d from events e
           where ${real('e')} and timestamp >= (($3::date - $6::int)::timestamp at time zone $2)
             and timestamp < (($4::date + 1)::timestamp at time zone $2)),
         marked as (
           select customer_id, d, case when d - lag(d) over w <= $6::int then 0 else 1 end as fresh
           from activity window w as (partition by customer_id order by d)),
         runs as (select customer_id, d, sum(fresh) over (partition by customer_id order by d) as run from marked),
         spans as (
           select customer_id, min(d) + 1 as a, max(d) + $6::int as z from runs group by customer_id, run),
         linked as (
           select a, z, lead(a) over w as na, lead(z) over w as nz from spans
           window w as (partition by customer_id order by a)),
         changes as (
           select d, sum(n) as n from (
             select a as d, count(*) as n from spans group by a
             union all select z + 1, -count(*) from spans group by z + 1) x group by d),
         covered as materialized (select d, sum(n) over (order by d) as n from changes),
         spans_of as (
           select day, day::date as sd, (e at time zone $2)::date as ed from buckets),
         churned as materialized (
           select b.day, count(*) as n from linked s
           join spans_of b on b.day = to_char(greatest(date_trunc($5, s.z::timestamp), $3::date::timestamp), 'YYYY-MM-DD')
           where s.z < b.ed and s.a <= b.sd and not coalesce(s.na <= b.ed and b.ed <= s.nz, false)
           group by b.day)
       select b.day, coalesce(cv.n, 0) as den, coalesce(ch.n, 0) as num
       from spans_of b
       left join lateral (select c.n from covered c where c.d <= b.sd order by c.d desc limit 1) cv on true
       left join churned ch on ch.day = b.day`,
      [settings.churnDays],
    ),
    run(
      `select ${bucketOf('e.timestamp')} as day, count(distinct e.customer_id) as den,
         count(distinct e.customer_id) filter (where e.type = 'track' and e.name = $6) as num
       from events e where ${real('e')} and ${inPeriod('e.timestamp')} group by 1`,
      [m.referral.event],
    ),
    run(
      `select ${bucketOf('e.timestamp')} as day, count(*) as den, coalesce(sum(${numeric('e', 7)}), 0) as num
       from events e where ${track('e', 6)} and ${inPeriod('e.timestamp')} group by 1`,
      [m.purchase.event, m.purchase.revenueProperty],
    ),
    run(
      `select day, count(*) as den, count(*) filter (where v >= 9) - count(*) filter (where v <= 6) as num from (
         select ${bucketOf('e.timestamp')} as day, ${numeric('e', 7)} as v
         from events e where ${track('e', 6)} and ${inPeriod('e.timestamp')}) x
       where v between 0 and 10 group by day`,
      [m.nps.event, m.nps.property],
    ),
    run(
      `select day, count(*) as den, count(*) filter (where v >= 4) as num from (
         select ${bucketOf('e.timestamp')} as day, ${numeric('e', 7)} as v
         from events e where ${track('e', 6)} and ${inPeriod('e.timestamp')}) x
       where v between 1 and 5 group by day`,
      [m.csat.event, m.csat.property],
    ),
    run(
      `select ${bucketOf('g.created_at')} as day, count(*) filter (where g.status in ('sent', 'dead')) as den,
         count(*) filter (where g.status = 'sent') as num
       from messages g where g.workspace_id = $1 and g.kind = 'message' and ${inPeriod('g.created_at')}
         and g.customer_id not in ${TEST_CLOCK_CUSTOMERS}
       group by 1`,
      [],
    ),
    reactionRate(run, m.messageOpened.event),
    reactionRate(run, m.messageClicked.event),
  ]);
  const days = buckets.map((r) => String(r.day));
  const series = (
    id: string,
    name: string,
    unit: MetricUnit,
    rows: Record<string, unknown>[],
    value: (num: number, den: number) => number | null,
  ): MetricSeries => ({
    id,
    name,
    unit,
    points: days.map((start) => {
      const row = rows.find((r) => r.day === start);
      const num = Number(row?.num ?? 0);
      const den = Number(row?.den ?? 0);
      return { start, value: value(num, den), count: den };
    }),
  });
  const ratio = (num: number, den: number) => (den > 0 ? num / den : null);
  const percent = (num: number, den: number) => (den > 0 ? (100 * num) / den : null);
  return {
    buckets: days,
    metrics: [
      series('acquisitionConversionRate', 'Acquisition conversion rate', 'ratio', acquisition, ratio),
      series('activationRate', 'Activation rate', 'ratio', activation, ratio),
      series('repeatPurchaseRate', 'Repeat purchase rate', 'ratio', repeat, ratio),
      series('churnRate', 'Churn rate', 'ratio', churn, ratio),
      series('referralRate', 'Referral rate', 'ratio', referral, ratio),
      series('revenue', 'Revenue', 'currency', revenue, (num) => num),
      series('nps', 'Net Promoter Score', 'score', nps, percent),
      series('csat', 'Customer satisfaction (CSAT)', 'percent', csat, percent),
      series('messageDeliveryRate', 'Message delivery rate', 'ratio', delivery, ratio),
      series('messageOpenRate', 'Message open rate', 'ratio', opens, ratio),
      series('messageClickRate', 'Message click rate', 'ratio', clicks, ratio),
    ],
  };
}

/** Of the customers sent a message in the bucket, the share who sent `event` (an open, a click) in it. */
function reactionRate(
  run: (text: string, extra: unknown[]) => Promise<Record<string, unknown>[]>,
  event: string,
) {
  return run(
    `select ${bucketOf('g.sent_at')} as day, count(distinct g.customer_id) as den,
       count(distinct g.customer_id) filter (where exists (select 1 from events e where ${track('e', 6)}
         and e.customer_id = g.customer_id and ${inPeriod('e.timestamp')}
         and ${bucketOf('e.timestamp')} = ${bucketOf('g.sent_at')})) as num
     from messages g where g.workspace_id = $1 and g.kind = 'message' and g.status = 'sent' and ${inPeriod('g.sent_at')}
       and g.customer_id not in ${TEST_CLOCK_CUSTOMERS}
     group by 1`,
    [event],
  );
}
