import type { SqlExecutor } from '@stagecraft/db';
import type { Stage } from '@stagecraft/graph';
import { TEST_CLOCK_CUSTOMERS } from './calendar';

/** One lifecycle stage in the funnel of a period. */
export interface StageFunnelRow {
  id: string;
  name: string;
  color: string;
  /** Customers in the stage now. */
  customers: number;
  /** Entries into the stage during the period. */
  entered: number;
  /** Moves out of the stage during the period, by the stage moved to. */
  movedTo: Record<string, number>;
  /** The next stage in the workspace's order, or null for the last. */
  nextStage: string | null;
  /** Of the customers who entered during the period, the share who moved on to the next stage since. */
  conversionToNext: number | null;
  /** Median time spent in the stage by moves out of it during the period, in hours. */
  medianHoursInStage: number | null;
  /** Customers in the stage now with no event in the `churnDays` days before the period's end. */
  churned: number;
}

/**
 * The stage funnel of `[from, to]` (calendar days in `timeZone`, both included), from stage
 * history, current stages and event times; customers on a test clock are left out. Stages
 * renamed or removed since still appear in `movedTo` by id.
 */
export async function stageFunnel(
  sql: SqlExecutor,
  options: {
    workspaceId: string;
    timeZone: string;
    stages: Stage[];
    from: string;
    to: string;
    churnDays: number;
  },
): Promise<StageFunnelRow[]> {
  const { workspaceId, timeZone, from, to, churnDays } = options;
  const period = [workspaceId, timeZone, from, to];
  const start = '($3::date::timestamp at time zone $2)';
  const end = '(($4::date + 1)::timestamp at time zone $2)';
  const periodEnd = '(($3::date + 1)::timestamp at time zone $2)';
  const windowStart = `(${periodEnd} - make_interval(days => $4))`;
  const ordered = options.stages.map((s) => s.id);
  const next = new Map(ordered.map((id, i) => [id, ordered[i + 1] ?? null]));
  // Each history row is the stay it began, ended by the customer's next change (left_at,
  // moved_to, kept by a trigger): stays that began in the period, and stays that ended in it,
  // are each one index range.
  const real = `workspace_id = $1 and customer_id not in ${TEST_CLOCK_CUSTOMERS}`;
  const [now, entries, exits, churned] = await Promise.all([
    sql.executeSql(
      'select stage, count(*)::int as n from customers where workspace_id = $1 and test_clock_id is null group by stage',
      [workspaceId],
    ),
    sql.executeSql(
      // Per customer first (a hash aggregate), then per stage: cheaper than count(distinct), which sorts.
      `select stage, sum(entries)::int as entered, count(*)::int as customers,
         count(*) filter (where converted)::int as converted
       from (
         select to_stage as stage, customer_id, count(*) as entries,
           bool_or(moved_to = (($5::jsonb) ->> to_stage)) as converted
         from stage_history where ${real} and at >= ${start} and at < ${end}
         group by to_stage, customer_id) x
       group by stage`,
      [...period, JSON.stringify(Object.fromEntries(next))],
    ),
    sql.executeSql(
      `select to_stage as stage, moved_to, count(*)::int as n,
         percentile_cont(0.5) within group (order by extract(epoch from left_at - at) / 3600) as median
       from stage_history where ${real} and left_at >= ${start} and left_at < ${end}
       group by grouping sets ((to_stage, moved_to), (to_stage))`,
      period,
    ),
    // Customers in a stage without an event in the churn window. The stored newest event time
    // (at most a minute behind) settles almost everyone; the events are read only for customers
    // whose newest time is within a minute before the window, after the period, or unknown.
    sql.executeSql(
      `select c.stage, count(*)::int as n from customers c
       where c.workspace_id = $1 and c.stage is not null and c.test_clock_id is null and (
         c.last_event_at < ${windowStart} - interval '1 minute'
         or (c.last_event_at is null or c.last_event_at < ${windowStart} or c.last_event_at >= ${periodEnd})
           and not exists (
             select 1 from events e where e.workspace_id = c.workspace_id and e.customer_id = c.customer_id
               and e.timestamp >= ${windowStart} and e.timestamp < ${periodEnd}))
       group by c.stage`,
      [workspaceId, timeZone, to, churnDays],
    ),
  ]);
  const count = (rows: Record<string, unknown>[], key: string, id: string, value = 'n') =>
    Number(rows.find((r) => r[key] === id)?.[value] ?? 0);
  return options.stages.map((stage) => {
    const movedTo: Record<string, number> = {};
    for (const r of exits.rows) {
      if (r.stage === stage.id && r.moved_to !== null) movedTo[String(r.moved_to)] = Number(r.n);
    }
    const entry = entries.rows.find((r) => r.stage === stage.id);
    const enteredCustomers = Number(entry?.customers ?? 0);
    const nextStage = next.get(stage.id) ?? null;
    const median = exits.rows.find((r) => r.stage === stage.id && r.moved_to === null)?.median;
    return {
      id: stage.id,
      name: stage.name,
      color: stage.color,
      customers: count(now.rows, 'stage', stage.id),
      entered: Number(entry?.entered ?? 0),
      movedTo,
      nextStage,
      conversionToNext:
        nextStage && enteredCustomers > 0 ? Number(entry?.converted ?? 0) / enteredCustomers : null,
      medianHoursInStage: median === undefined || median === null ? null : Number(median),
      churned: count(churned.rows, 'stage', stage.id),
    };
  });
}
