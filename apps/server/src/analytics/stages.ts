import type { SqlExecutor } from '@stagecraft/db';
import type { Stage } from '@stagecraft/graph';

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
 * history, current stages and event times. Stages renamed or removed since still appear in
 * `movedTo` by id.
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
  const ordered = options.stages.map((s) => s.id);
  const next = new Map(ordered.map((id, i) => [id, ordered[i + 1] ?? null]));
  const [now, entered, moves, conversion, durations, churned] = await Promise.all([
    sql.executeSql('select stage, count(*)::int as n from customers where workspace_id = $1 group by stage', [
      workspaceId,
    ]),
    sql.executeSql(
      `select to_stage, count(*)::int as n from stage_history
       where workspace_id = $1 and at >= ${start} and at < ${end} group by to_stage`,
      period,
    ),
    sql.executeSql(
      `select from_stage, to_stage, count(*)::int as n from stage_history
       where workspace_id = $1 and at >= ${start} and at < ${end} and from_stage is not null
       group by from_stage, to_stage`,
      period,
    ),
    sql.executeSql(
      `select h.to_stage, count(distinct h.customer_id)::int as entered,
         count(distinct h.customer_id) filter (where exists (
           select 1 from stage_history m
           where m.workspace_id = h.workspace_id and m.customer_id = h.customer_id
             and m.from_stage = h.to_stage and m.to_stage = (($5::jsonb) ->> h.to_stage)
             and (m.at, m.id) > (h.at, h.id)))::int as converted
       from stage_history h
       where h.workspace_id = $1 and h.at >= ${start} and h.at < ${end}
       group by h.to_stage`,
      [...period, JSON.stringify(Object.fromEntries(next))],
    ),
    sql.executeSql(
      `select stage, percentile_cont(0.5) within group (order by hours) as median from (
         select from_stage as stage, extract(epoch from at - entered_at) / 3600 as hours, at
         from (
           select from_stage, at, lag(at) over (partition by customer_id order by at, id) as entered_at,
             lag(to_stage) over (partition by customer_id order by at, id) as entered_stage
           from stage_history where workspace_id = $1 and at < ${end}
         ) h
         where entered_stage = from_stage and at >= ${start}
       ) d group by stage`,
      period,
    ),
    sql.executeSql(
      `select c.stage, count(*)::int as n from customers c
       where c.workspace_id = $1 and c.stage is not null and not exists (
         select 1 from events e where e.workspace_id = c.workspace_id and e.customer_id = c.customer_id
           and e.timestamp >= ${periodEnd} - make_interval(days => $4) and e.timestamp < ${periodEnd})
       group by c.stage`,
      [workspaceId, timeZone, to, churnDays],
    ),
  ]);
  const count = (rows: Record<string, unknown>[], key: string, id: string, value = 'n') =>
    Number(rows.find((r) => r[key] === id)?.[value] ?? 0);
  return options.stages.map((stage) => {
    const movedTo: Record<string, number> = {};
    for (const r of moves.rows) if (r.from_stage === stage.id) movedTo[String(r.to_stage)] = Number(r.n);
    const enteredCustomers = count(conversion.rows, 'to_stage', stage.id, 'entered');
    const nextStage = next.get(stage.id) ?? null;
    const median = durations.rows.find((r) => r.stage === stage.id)?.median;
    return {
      id: stage.id,
      name: stage.name,
      color: stage.color,
      customers: count(now.rows, 'stage', stage.id),
      entered: count(entered.rows, 'to_stage', stage.id),
      movedTo,
      nextStage,
      conversionToNext:
        nextStage && enteredCustomers > 0
          ? count(conversion.rows, 'to_stage', stage.id, 'converted') / enteredCustomers
          : null,
      medianHoursInStage: median === undefined || median === null ? null : Number(median),
      churned: count(churned.rows, 'stage', stage.id),
    };
  });
}
