import type { SqlExecutor } from '@stagecraft/db';
import { journeyRow } from './journey-lookup';
import type { JourneyStats, NodeStats } from './types';

/**
 * Per-node counts for a journey: `entered` from step records, `waiting` from active runs at the
 * node now, `completed` = runs that finished the node (left it, or ended there as completed,
 * converted or exited), `errored` = runs that failed there. Both queries use indexes keyed by journey.
 */
export async function journeyStats(
  sql: SqlExecutor,
  workspaceId: string,
  journeyId: string,
  version?: number,
): Promise<JourneyStats> {
  await journeyRow(sql, workspaceId, journeyId);
  const byVersion = version === undefined ? '' : 'and version = $2';
  const params = version === undefined ? [journeyId] : [journeyId, version];
  const [steps, waiting, totals] = await Promise.all([
    sql.executeSql(
      `select node_id, kind, count(*)::int as n from step_records where journey_id = $1 ${byVersion} group by node_id, kind`,
      params,
    ),
    sql.executeSql(
      `select current_node_id as node_id, count(*)::int as n from journey_runs
       where journey_id = $1 ${byVersion} and status = 'active' and current_node_id is not null group by current_node_id`,
      params,
    ),
    sql.executeSql(
      `select status, count(*)::int as n from journey_runs where journey_id = $1 ${byVersion} group by status`,
      params,
    ),
  ]);
  const nodes: Record<string, NodeStats> = {};
  const node = (id: string) => {
    nodes[id] ??= { entered: 0, waiting: 0, completed: 0, errored: 0 };
    return nodes[id];
  };
  for (const row of steps.rows) {
    const stats = node(String(row.node_id));
    const n = Number(row.n);
    if (row.kind === 'entered') stats.entered += n;
    else if (row.kind === 'errored') stats.errored += n;
    else stats.completed += n;
  }
  for (const row of waiting.rows) node(String(row.node_id)).waiting += Number(row.n);
  const count = (status: string) => Number(totals.rows.find((r) => r.status === status)?.n ?? 0);
  return {
    journeyId,
    version: version ?? null,
    nodes,
    totals: {
      runs: totals.rows.reduce((sum, r) => sum + Number(r.n), 0),
      active: count('active'),
      completed: count('completed'),
      exited: count('exited'),
      converted: count('converted'),
      failed: count('failed'),
    },
  };
}
