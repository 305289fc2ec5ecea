import type { SqlExecutor } from '@stagecraft/db';
import type { RuntimeContext } from './context';
import { type CustomerKey, customerKey, lockCustomers } from './customer-state';
import { applyEvents, type BatchItem, eventsLoad } from './event-worker';
import { type Arrival, type InsertedEvent, insertEvents, messageKey } from './ingest';
import { runUnitOfWork } from './unit-of-work';

/**
 * Stores arriving messages and applies them in one transaction, so an event is written once and
 * its effects commit with it. Each customer's lock is waited for (in key order, so two callers
 * never wait on each other). A customer that still has events pending (applying them failed,
 * or a process stored them without applying) is left to the event worker: its new events are
 * stored pending too, and the worker applies them all in order, setting aside one that keeps
 * failing. A failure rolls everything back; the caller then stores the messages for the workers.
 */
export async function applyOnArrival(ctx: RuntimeContext, arrivals: Arrival[]): Promise<InsertedEvent[]> {
  let deferred = 0;
  const inserted = await runUnitOfWork(ctx, {
    select: async (tx, changes) => {
      const customers = new Map<string, CustomerKey>();
      for (const { workspaceId, message } of arrivals) {
        const key = { workspaceId, customerId: message.userId };
        customers.set(customerKey(key), key);
      }
      // Locked before looking for pending events, so none can be stored meanwhile.
      await lockCustomers(tx.sql, [...customers.values()]);
      const waiting = await customersWithPending(tx.sql, [...customers.values()]);
      const inserted = await insertEvents(tx.sql, arrivals, changes.now, waiting);
      const messages = new Map<string, Arrival>();
      for (const arrival of arrivals) {
        const id = messageKey(arrival.workspaceId, arrival.message.userId, arrival.message.messageId);
        if (!messages.has(id)) messages.set(id, arrival);
      }
      const keys = new Map<string, CustomerKey>();
      const items: BatchItem[] = [];
      for (const row of inserted) {
        const key = { workspaceId: row.workspaceId, customerId: row.customerId };
        if (waiting.has(customerKey(key))) continue;
        keys.set(customerKey(key), key);
        const { message: m } = messages.get(messageKey(row.workspaceId, row.customerId, row.messageId))!;
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
      // Arrival order is what scopes events to runs: apply in `seq` order, whatever order the
      // insert's rows came back in.
      items.sort((a, b) => a.event.seq - b.event.seq);
      deferred = inserted.length - items.length;
      return { keys: [...keys.values()], locked: true, load: eventsLoad(items), found: { inserted, items } };
    },
    apply: async (work, { inserted, items }) => {
      await applyEvents(work, items);
      return inserted;
    },
  });
  if (deferred > 0) ctx.wake('events');
  return inserted ?? [];
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
