import type { CompiledJourney } from '@stagecraft/compiler';
import type { Transaction } from '@stagecraft/db';
import type { RuntimeContext } from './context';
import type { CustomerRecord } from './customer-state';

const readers = new WeakMap<CompiledJourney, boolean>();

/** Whether a journey's rules ask about saved segments (`segmentId`) or lifetime values (`clv.*`). */
export function readsCustomerFacts(journey: CompiledJourney): boolean {
  let reads = readers.get(journey);
  if (reads === undefined) {
    const text = JSON.stringify(journey.definition);
    reads = text.includes('"segmentId"') || text.includes('"clv.');
    readers.set(journey, reads);
  }
  return reads;
}

/**
 * Gives each loaded profile the saved segments the customer is in and their stored lifetime
 * value, when a journey they may enter or are in reads them: one query for the batch, nothing
 * when none does. Read, never stored on the customer (as the workspace zone).
 */
export async function useCustomerFacts(
  ctx: RuntimeContext,
  tx: Transaction,
  customers: Map<string, CustomerRecord>,
): Promise<void> {
  const wanted: CustomerRecord[] = [];
  for (const record of customers.values()) {
    if (await needsFacts(ctx, tx, record)) wanted.push(record);
  }
  if (wanted.length === 0) return;
  const { rows } = await tx.sql.executeSql(
    `select k.w, k.c, array(select m.segment_id from segment_members m
         where m.workspace_id = k.w and m.customer_id = k.c) as segments,
       v.historical, v.predicted, v.expected_purchases, v.probability_alive
     from json_to_recordset($1::json) as k(w text, c text)
     left join customer_values v on v.workspace_id = k.w and v.customer_id = k.c`,
    [JSON.stringify(wanted.map((r) => ({ w: r.workspaceId, c: r.customerId })))],
  );
  const byKey = new Map(rows.map((row) => [`${row.w}\u0000${row.c}`, row]));
  for (const record of wanted) {
    const row = byKey.get(`${record.workspaceId}\u0000${record.customerId}`);
    const alive = numberOrNull(row?.probability_alive);
    const clv = {
      // A customer never valued has bought nothing yet.
      historical: numberOrNull(row?.historical) ?? 0,
      predicted: numberOrNull(row?.predicted),
      expectedPurchases: numberOrNull(row?.expected_purchases),
      probabilityAlive: alive,
      churnRisk: alive === null ? null : 1 - alive,
    };
    const segments = Array.isArray(row?.segments) ? (row.segments as string[]) : [];
    record.profile = Object.assign({}, record.profile, { segments, clv });
  }
}

async function needsFacts(ctx: RuntimeContext, tx: Transaction, record: CustomerRecord): Promise<boolean> {
  const { live } = await ctx.catalog.workspace(tx.sql, record.workspaceId);
  if (live.some(readsCustomerFacts)) return true;
  for (const run of record.runs) {
    if (run.status !== 'active') continue;
    const journey = await ctx.catalog.compiled(tx.sql, run.journeyId, run.version);
    if (journey && readsCustomerFacts(journey)) return true;
  }
  return false;
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
