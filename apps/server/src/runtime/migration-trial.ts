import type { CompiledJourney } from '@stagecraft/compiler';
import type { SqlExecutor } from '@stagecraft/db';
import { migrateRun } from '@stagecraft/engine';
import { customerKey, loadCustomers } from './customer-state';
import type { MigrationPlan, MigrationPreview } from './types';

/**
 * Moves, in memory only, one waiting run per mapped node (the one that entered first) with the
 * engine's `migrateRun`, the code the migration itself runs, and reports the targets that would
 * not hold it. One run per node keeps a preview's cost independent of how many customers wait;
 * a refusal that concerns one run alone (its stored state) is not a problem of the plan.
 */
export async function trialMoves(
  sql: SqlExecutor,
  from: CompiledJourney,
  to: CompiledJourney,
  plan: MigrationPlan,
  now: number,
): Promise<MigrationPreview['problems']> {
  const { rows } = await sql.executeSql(
    `select distinct on (current_node_id) workspace_id, customer_id, id from journey_runs
     where journey_id = $1 and version = $2 and status = 'active' and current_node_id = any($3::text[])
     order by current_node_id, entered_at, id`,
    [from.journeyId, from.version, Object.keys(plan.nodeMap)],
  );
  const keys = rows.map((row) => ({
    workspaceId: String(row.workspace_id),
    customerId: String(row.customer_id),
  }));
  const customers = await loadCustomers(sql, keys, now, { schedules: false, endedRuns: false });
  const problems: MigrationPreview['problems'] = [];
  rows.forEach((row, index) => {
    const customer = customers.get(customerKey(keys[index]!));
    const state = customer?.runs.find((run) => run.id === row.id)?.state;
    if (!customer || !state) return;
    const result = migrateRun({ from, to, state, nodeMap: plan.nodeMap, profile: customer.profile, now });
    if (result.moved) return;
    for (const d of result.diagnostics) {
      if (d.code === 'target-refused') problems.push({ nodeId: d.nodeId ?? '', message: d.message });
    }
  });
  return problems;
}
