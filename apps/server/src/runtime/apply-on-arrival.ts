import type { SqlExecutor } from '@stagecraft/db';
import type { RuntimeContext } from './context';
import { type CustomerKey, customerKey, lockCustomers } from './customer-state';
import { applyBatch, type BatchItem } from './event-worker';
import { type Arrival, type InsertedEvent, insertEvents } from './ingest';

/**
 * Stores arriving messages and applies them in one transaction, so an event is written once and
 * its effects commit with it. Each customer's lock is waited for (in key order, so two callers
 * never wait on each other). A customer that still has events pending (applying them failed,
 * or a process stored them without applying) is left to the event worker: its new events are
 * stored pending too, and the worker applies them all in order, setting aside one that keeps
 * failing. A failure rolls everything back; the caller then stores the messages for the workers.
 */
export async function applyOnArrival(ctx: RuntimeContext, arrivals: Arrival[]): Promise<InsertedEvent[]> {
  const now = ctx.now();
  const result = await ctx.database.transaction(async (tx) => {
    const customers = new Map<string, CustomerKey>();
    for (const { workspaceId, message } of arrivals) {
      const key = { workspaceId, customerId: message.userId };
      customers.set(customerKey(key), key);
    }
    await lockCustomers(tx.sql, [...customers.values()]);
    const waiting = await customersWithPending(tx.sql, [...customers.values()]);
    const inserted = await insertEvents(tx.sql, arrivals, now, waiting);
    const messages = new Map<string, Arrival>();
    for (const arrival of arrivals) {
      const id = `${arrival.workspaceId}\u0000${arrival.message.messageId}`;
      if (!messages.has(id)) messages.set(id, arrival);
    }
    const keys = new Map<string, CustomerKey>();
    const items: BatchItem[] = [];
    for (const row of inserted) {
      const key = { workspaceId: row.workspaceId, customerId: row.customerId };
      if (waiting.has(customerKey(key))) continue;
      keys.set(customerKey(key), key);
      const { message: m } = messages.get(`${row.workspaceId}\u0000${row.messageId}`)!;
      items.push({
        key,
        event: {
          seq: row.seq,
          messageId: m.messageId,
          type: m.type,
          name: m.event,
          properties: m.properties,
          traits: m.traits,
          context: m.context,
          timestamp: m.timestamp,
        },
        marked: true,
      });
    }
    const deferred = inserted.length - items.length;
    if (items.length === 0) return { inserted, deliveries: 0, deferred };
    const { deliveries } = await applyBatch(ctx, tx, [...keys.values()], items, now);
    return { inserted, deliveries, deferred };
  });
  if (result.deliveries > 0) ctx.wake('deliveries');
  if (result.deferred > 0) ctx.wake('events');
  return result.inserted;
}

/** The customers (as customerKey strings) that have events stored and not yet applied. */
async function customersWithPending(sql: SqlExecutor, keys: CustomerKey[]): Promise<Set<string>> {
  const { rows } = await sql.executeSql(
    `select k.w, k.c from json_to_recordset($1::json) as k(w text, c text)
     where exists (select 1 from events e where e.workspace_id = k.w and e.customer_id = k.c and e.processed_at is null)`,
    [JSON.stringify(keys.map((k) => ({ w: k.workspaceId, c: k.customerId })))],
  );
  return new Set(rows.map((r) => customerKey({ workspaceId: String(r.w), customerId: String(r.c) })));
}
