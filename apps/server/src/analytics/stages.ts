import type { SqlExecutor } from '@stagecraft/db';
import type { Stage } from '@stagecraft/graph';
import { TEST_CLOCK_CUSTOMERS } from './calendar';
import { medianHours } from './stay-bins';

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
  /** Of the entries during the period, the share that moved on to the next stage since. */
  conversionToNext: number | null;
  /** Median time spent in the stage by moves out of it during the period, in hours (within 2.2%). */
  medianHoursInStage: number | null;
  /** Customers in the stage now with no event in the last `churnDays` days. */
  churned: number;
}

/**
 * The period's instants and how they split over stage_counters' UTC days. Parameters: $1
 * workspace, $2 zone, $3 from, $4 to. `d1`–`d2` are the whole UTC days inside the period, read from
 * the counters; `[s, a)` and `[b, e)` are the parts of a UTC day at either end (none in UTC), read
 * from the history rows themselves. When no whole UTC day fits, `[s, a)` is the whole period.
 */
const PERIOD = `period as (
  select s, e, d1, d2, least((d1::timestamp at time zone 'UTC'), e) as a,
    greatest((d2::timestamp at time zone 'UTC'), least((d1::timestamp at time zone 'UTC'), e)) as b
  from (
    select s, e, (s at time zone 'UTC')::date + case when (s at time zone 'UTC')::time = '00:00' then 0 else 1 end as d1,
      (e at time zone 'UTC')::date as d2
    from (select ($3::date::timestamp at time zone $2) as s, (($4::date + 1)::timestamp at time zone $2) as e) i
  ) p
)`;

/** Counter rows of the whole UTC days inside the period. */
const COUNTED_DAYS = 'k.workspace_id = $1 and k.day >= p.d1 and k.day < p.d2';

/** An instant in the parts of the period outside its whole UTC days. */
const atEdges = (column: string) =>
  `((${column} >= p.s and ${column} < p.a) or (${column} >= p.b and ${column} < p.e))`;

/**
 * The stage funnel of `[from, to]` (calendar days in `timeZone`, both included); customers on a
 * test clock are left out. Entries, moves and stay durations come from stage_counters for the
 * whole UTC days of the period and from stage_history for the hours at its ends, so the cost
 * grows with the days asked for, not with the customers who moved. Stages renamed or removed
 * since still appear in `movedTo` by id.
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
    /** The current time (epoch ms): `customers` and `churned` are as of now. */
    now: number;
  },
): Promise<StageFunnelRow[]> {
  const { workspaceId, timeZone, from, to, churnDays } = options;
  const period = [workspaceId, timeZone, from, to];
  const ordered = options.stages.map((s) => s.id);
  const next = new Map(ordered.map((id, i) => [id, ordered[i + 1] ?? null]));
  const raw = `h.workspace_id = $1 and h.customer_id not in ${TEST_CLOCK_CUSTOMERS}`;
  const [standing, entries, exits, stays] = await Promise.all([
    // Customers per stage now, and of them the churned: no event since `churnDays` ago ($2). The
    // stored newest event time (at most a minute behind) settles almost everyone; the events are
    // read only for customers whose newest time is within the minute before the window, or unknown.
    sql.executeSql(
      `select c.stage, count(*)::int as n, count(*) filter (where
         c.last_event_at < $2::timestamptz - interval '1 minute'
         or (c.last_event_at is null or c.last_event_at < $2::timestamptz) and not exists (
           select 1 from events e where e.workspace_id = c.workspace_id and e.customer_id = c.customer_id
             and e.timestamp >= $2::timestamptz))::int as churned
       from customers c where c.workspace_id = $1 and c.test_clock_id is null group by c.stage`,
      [workspaceId, new Date(options.now - churnDays * 86_400_000).toISOString()],
    ),
    // Entries, and of them the ones that moved on to the next stage since ($5: stage → next).
    sql.executeSql(
      `with ${PERIOD}
       select stage, sum(entered)::int as entered, sum(converted)::int as converted from (
         select k.stage, k.entered, 0 as converted from stage_counters k, period p
         where ${COUNTED_DAYS} and k.moved_to = '' and k.stay_bin = -1
         union all
         select k.stage, 0, k.exits_of_entries from stage_counters k, period p
         where ${COUNTED_DAYS} and k.stay_bin = -1 and k.moved_to = (($5::jsonb) ->> k.stage)
         union all
         select h.to_stage, 1, case when h.moved_to = (($5::jsonb) ->> h.to_stage) then 1 else 0 end
         from stage_history h, period p where ${raw} and ${atEdges('h.at')}
       ) x group by stage`,
      [...period, JSON.stringify(Object.fromEntries(next))],
    ),
    sql.executeSql(
      `with ${PERIOD}
       select stage, moved_to, sum(n)::int as n from (
         select k.stage, k.moved_to, k.exits as n from stage_counters k, period p
         where ${COUNTED_DAYS} and k.moved_to <> '' and k.stay_bin = -1
         union all
         select h.to_stage, h.moved_to, 1 from stage_history h, period p
         where ${raw} and h.left_at is not null and ${atEdges('h.left_at')}
       ) x group by stage, moved_to`,
      period,
    ),
    sql.executeSql(
      `with ${PERIOD}
       select stage, bin, sum(n)::int as n from (
         select k.stage, k.stay_bin as bin, k.exits as n from stage_counters k, period p
         where ${COUNTED_DAYS} and k.moved_to = '' and k.stay_bin >= 0
         union all
         select h.to_stage, stage_stay_bin(extract(epoch from h.left_at - h.at)::float8), 1
         from stage_history h, period p
         where ${raw} and h.left_at is not null and ${atEdges('h.left_at')}
       ) x group by stage, bin`,
      period,
    ),
  ]);
  const count = (rows: Record<string, unknown>[], id: string, value: string) =>
    Number(rows.find((r) => r.stage === id)?.[value] ?? 0);
  return options.stages.map((stage) => {
    const movedTo: Record<string, number> = {};
    for (const r of exits.rows) {
      if (r.stage === stage.id && Number(r.n) > 0) movedTo[String(r.moved_to)] = Number(r.n);
    }
    const bins = new Map<number, number>();
    for (const r of stays.rows) if (r.stage === stage.id) bins.set(Number(r.bin), Number(r.n));
    const entered = count(entries.rows, stage.id, 'entered');
    const nextStage = next.get(stage.id) ?? null;
    return {
      id: stage.id,
      name: stage.name,
      color: stage.color,
      customers: count(standing.rows, stage.id, 'n'),
      entered,
      movedTo,
      nextStage,
      conversionToNext:
        nextStage && entered > 0 ? count(entries.rows, stage.id, 'converted') / entered : null,
      medianHoursInStage: medianHours(bins),
      churned: count(standing.rows, stage.id, 'churned'),
    };
  });
}
