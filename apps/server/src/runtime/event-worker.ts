import type { SqlExecutor } from '@stagecraft/db';
import type { RuntimeContext } from './context';
import { type CustomerKey, LOCK_KEY, type LoadOptions, lockCustomers } from './customer-state';
import type { StoredEvent } from './processor';
import { runUnitOfWork, type Work } from './unit-of-work';

const time = (v: unknown) => (v instanceof Date ? v.getTime() : new Date(String(v)).getTime());

/**
 * Applies pending events for up to `limit` customers in one unit of work and returns how many
 * events it applied. A customer is claimed with a transaction-scoped advisory lock that other
 * workers skip, and its events are read after the lock is held, in `seq` order — so each
 * customer's events apply in order, once, whatever the number of processes. A crash rolls the
 * whole batch back and the events stay pending.
 */
export async function processEvents(ctx: RuntimeContext, limit: number): Promise<number> {
  let claimed: CustomerKey[] = [];
  try {
    const applied = await runUnitOfWork(ctx, {
      select: async (tx) => {
        const keys = await claimCustomers(tx.sql, limit, ctx.clockId);
        if (keys.length === 0) return null;
        // Read after the locks are held: a worker that finished these customers meanwhile has committed.
        const rows = await readPending(tx.sql, keys);
        if (rows.length === 0) return null;
        claimed = keys;
        const items = rows.map(eventFromRow);
        return { keys, locked: true, load: eventsLoad(items), found: items };
      },
      apply: applyEvents,
    });
    return applied ?? 0;
  } catch (error) {
    if (claimed.length === 0) throw error;
    throw new BatchFailed(claimed, error);
  }
}

/**
 * Takes the advisory locks of up to `limit` customers with pending events, oldest first, skipping
 * customers another transaction holds; the locks last until the caller's transaction ends.
 */
export async function claimCustomers(
  sql: SqlExecutor,
  limit: number,
  /** A test clock's customers instead of real ones (each has an index of its own). */
  clockId: string | null = null,
): Promise<CustomerKey[]> {
  const { rows } = await sql.executeSql(
    // The lock is tried row by row in `first` order until `limit` customers are held, so no
    // customer is locked without being processed. `offset 0` keeps the planner from pushing the
    // lock call into the aggregate as a filter, where it would lock every customer of the window
    // and leave other workers nothing to claim.
    `select workspace_id, customer_id from (
         select workspace_id, customer_id, min(seq) as first from (
           select workspace_id, customer_id, seq from events
           where processed_at is null and ${clockId === null ? 'clock_id is null' : 'clock_id = $3'}
           order by ${clockId === null ? 'seq' : 'clock_id, seq'} limit $1
         ) p group by workspace_id, customer_id order by first offset 0
       ) c
       where pg_try_advisory_xact_lock(${LOCK_KEY('workspace_id', 'customer_id')})
       limit $2`,
    clockId === null ? [limit * 4, limit] : [limit * 4, limit, clockId],
  );
  return rows.map((r) => ({ workspaceId: String(r.workspace_id), customerId: String(r.customer_id) }));
}

/** A batch could not be applied; carries its customers so the worker can find the one at fault. */
export class BatchFailed extends Error {
  constructor(
    readonly keys: CustomerKey[],
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'BatchFailed';
  }
}

/**
 * Gives up on a customer's oldest pending event after it failed again and again on its own:
 * marks it applied with the error (visible on the event) so the customer's later events proceed.
 */
export async function skipOldestEvent(ctx: RuntimeContext, key: CustomerKey, reason: string): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    await lockCustomers(tx.sql, [key]);
    const { rows } = await tx.sql.executeSql(
      `update events set processed_at = $3, error = $4
       where workspace_id = $1 and customer_id = $2 and seq = (
         select min(seq) from events where workspace_id = $1 and customer_id = $2 and processed_at is null)
       returning message_id`,
      [key.workspaceId, key.customerId, new Date(ctx.now()).toISOString(), reason.slice(0, 1000)],
    );
    if (rows[0])
      ctx.log.error(
        { ...key, messageId: rows[0].message_id, err: reason },
        'event skipped after repeated failures',
      );
  });
}

/** One event to apply, and whether its row is already marked applied (stored in this transaction). */
export interface BatchItem {
  key: CustomerKey;
  event: StoredEvent;
  marked: boolean;
}

const eventFromRow = (row: Record<string, unknown>): BatchItem => ({
  key: { workspaceId: String(row.workspace_id), customerId: String(row.customer_id) },
  event: {
    seq: Number(row.seq),
    messageId: String(row.message_id),
    type: row.type as StoredEvent['type'],
    name: (row.name as string | null) ?? null,
    properties: row.properties as Record<string, unknown>,
    traits: row.traits as Record<string, unknown>,
    context: row.context as Record<string, unknown>,
    timestamp: time(row.timestamp),
  },
  marked: false,
});

/** The pending events of customers whose locks the transaction holds, in `seq` order. */
async function readPending(sql: SqlExecutor, keys: CustomerKey[]): Promise<Record<string, unknown>[]> {
  const { rows } = await sql.executeSql(
    `select e.workspace_id, e.customer_id, e.seq::text as seq, e.message_id, e.type, e.name, e.properties, e.traits,
       e.context, e.timestamp
     from events e join json_to_recordset($1::json) as k(w text, c text)
       on e.workspace_id = k.w and e.customer_id = k.c
     where e.processed_at is null order by e.seq`,
    [JSON.stringify(keys.map((k) => ({ w: k.workspaceId, c: k.customerId })))],
  );
  return rows;
}

/** What applying `items` needs loaded: only a profile change (identify, or a time zone in the context) can move a date trigger. */
export function eventsLoad(items: BatchItem[]): LoadOptions {
  const schedules = items.some(
    ({ event }) =>
      event.type === 'identify' || (event.context as { timezone?: unknown }).timezone !== undefined,
  );
  return { schedules, endedRuns: false };
}

/** Applies events to their loaded customers, in order, and marks the rows not yet marked as applied. */
export async function applyEvents(
  { processor, changes, customer }: Work,
  items: BatchItem[],
): Promise<number> {
  for (const { key, event, marked } of items) {
    await processor.applyEvent(customer(key), event);
    if (!marked)
      changes.processedEvents.push({
        workspaceId: key.workspaceId,
        customerId: key.customerId,
        seq: event.seq,
      });
  }
  return items.length;
}
