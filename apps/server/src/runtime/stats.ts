import type { RunOutcome, SqlExecutor } from '@stagecraft/db';
import { journeyRow } from './journey-lookup';
import type { JourneyStats, NodeStats } from './types';

/**
 * Per-node counts for a journey: `entered`, `completed` (runs that finished the node: left it,
 * or ended there as completed, converted or exited) and `errored` from node_counters, and run
 * totals by outcome from journey_counters, both kept in the same transactions as the steps;
 * `waiting` = active runs at the node now, from the partial index of active runs; `capped` and
 * `deferred` = its messages a frequency cap holds back (skipped or deferred) and those deferred
 * now (quiet hours, caps, send rates), from the partial index of held messages; per edge (a
 * node's output port), runs through it and how many of them converted, from edge_counters. Cost
 * grows with nodes and waiting runs, not with history.
 */
export async function journeyStats(
  sql: SqlExecutor,
  workspaceId: string,
  journeyId: string,
  version?: number,
): Promise<JourneyStats> {
  await journeyRow(sql, workspaceId, journeyId);
  // The counters have no workspace column: they are reached by the journey id checked against
  // the workspace above. Runs and messages are read by workspace too.
  const byVersion = version === undefined ? '' : 'and version = $2';
  const params = version === undefined ? [journeyId] : [journeyId, version];
  const scoped = [...params, workspaceId];
  const inWorkspace = `workspace_id = $${scoped.length}`;
  const [counters, runCounts, waiting, held, edges] = await Promise.all([
    sql.executeSql(
      `select node_id, sum(entered)::int as entered, sum(completed)::int as completed, sum(errored)::int as errored
       from node_counters where journey_id = $1 ${byVersion} group by node_id`,
      params,
    ),
    sql.executeSql(
      `select outcome, sum(runs)::int as runs from journey_counters where journey_id = $1 ${byVersion} group by outcome`,
      params,
    ),
    sql.executeSql(
      `select current_node_id as node_id, count(*)::int as n from journey_runs
       where journey_id = $1 ${byVersion} and ${inWorkspace} and status = 'active' and current_node_id is not null
       group by current_node_id`,
      scoped,
    ),
    sql.executeSql(
      `select node_id, count(*) filter (where last_error like '%frequency cap%')::int as capped,
         count(*) filter (where status = 'deferred')::int as deferred
       from messages where journey_id = $1 ${byVersion} and ${inWorkspace}
         and status in ('skipped', 'deferred') group by node_id`,
      scoped,
    ),
    sql.executeSql(
      `select node_id, port, sum(passed)::int as passed, sum(converted)::int as converted
       from edge_counters where journey_id = $1 ${byVersion} group by node_id, port order by node_id, port`,
      params,
    ),
  ]);
  const nodes: Record<string, NodeStats> = {};
  const totals = { runs: 0, active: 0, completed: 0, exited: 0, converted: 0, failed: 0 };
  for (const row of counters.rows) {
    nodes[String(row.node_id)] = {
      entered: Number(row.entered),
      waiting: 0,
      completed: Number(row.completed),
      errored: Number(row.errored),
      capped: 0,
      deferred: 0,
    };
  }
  for (const row of runCounts.rows) {
    const outcome = String(row.outcome) as RunOutcome;
    totals[outcome === 'started' ? 'runs' : outcome] = Number(row.runs);
  }
  for (const row of waiting.rows) {
    const nodeId = String(row.node_id);
    nodes[nodeId] ??= { entered: 0, waiting: 0, completed: 0, errored: 0, capped: 0, deferred: 0 };
    nodes[nodeId].waiting = Number(row.n);
    totals.active += Number(row.n);
  }
  for (const row of held.rows) {
    const nodeId = String(row.node_id);
    nodes[nodeId] ??= { entered: 0, waiting: 0, completed: 0, errored: 0, capped: 0, deferred: 0 };
    nodes[nodeId].capped = Number(row.capped);
    nodes[nodeId].deferred = Number(row.deferred);
  }
  return {
    journeyId,
    version: version ?? null,
    nodes,
    edges: edges.rows.map((row) => ({
      nodeId: String(row.node_id),
      port: String(row.port),
      passed: Number(row.passed),
      converted: Number(row.converted),
    })),
    totals,
  };
}
