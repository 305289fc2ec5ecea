import type { SqlExecutor } from '@stagecraft/db';
import { journeyRow } from './journey-lookup';
import type { WaitingPosition, WaitingRun } from './types';

const MS = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The customers waiting at a node, soonest to move on first (runs that only an event moves on
 * last), then by run id: one range of the partial index of active runs per page, so a page
 * costs the same however many wait.
 */
export async function waitingAt(
  sql: SqlExecutor,
  workspaceId: string,
  journeyId: string,
  version: number,
  nodeId: string,
  page: { after?: WaitingPosition; limit: number },
): Promise<{ customers: WaitingRun[]; next: WaitingPosition | null }> {
  await journeyRow(sql, workspaceId, journeyId);
  const params: unknown[] = [journeyId, version, nodeId, workspaceId, page.limit + 1];
  let after = '';
  if (page.after) {
    params.push(page.after.runId);
    if (page.after.wakeAt === null) after = 'and r.wake_at is null and r.id > $6';
    else {
      params.push(new Date(page.after.wakeAt).toISOString());
      after = `and (r.wake_at > $7 or (r.wake_at = $7 and r.id > $6) or r.wake_at is null)`;
    }
  }
  const { rows } = await sql.executeSql(
    `select r.customer_id, r.id, ${MS('r.entered_at')} as entered_at, ${MS('r.wake_at')} as wake_at
     from journey_runs r
     where r.journey_id = $1 and r.version = $2 and r.current_node_id = $3 and r.status = 'active'
       and r.workspace_id = $4 ${after}
     order by r.wake_at, r.id limit $5`,
    params,
  );
  const customers = rows.slice(0, page.limit).map((r) => ({
    customerId: String(r.customer_id),
    runId: String(r.id),
    enteredAt: Number(r.entered_at),
    wakeAt: r.wake_at === null ? null : Number(r.wake_at),
  }));
  const last = customers[customers.length - 1];
  return {
    customers,
    next: rows.length > page.limit && last ? { wakeAt: last.wakeAt, runId: last.runId } : null,
  };
}
