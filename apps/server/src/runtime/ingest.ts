import type { Database, SqlExecutor } from '@stagecraft/db';
import { arrays, columns, rowsFrom } from './column-arrays';
import { customerKey } from './customer-state';
import type { IngestMessage } from './types';

/** A message and the workspace whose write key sent it. */
export interface Arrival {
  workspaceId: string;
  message: IngestMessage;
}

/** An event row as stored: what applying it needs from the database (its place in the order). */
export interface InsertedEvent {
  workspaceId: string;
  customerId: string;
  messageId: string;
  seq: number;
}

/**
 * What identifies a stored message: its messageId within its customer. The same messageId sent
 * for two customers is two events (a Segment messageId names one message, which is about one
 * user), so deduplication never drops one customer's event because another's shares its id.
 */
export const messageKey = (workspaceId: string, customerId: string, messageId: string) =>
  `${workspaceId}\u0000${customerId}\u0000${messageId}`;

const EVENT_ROWS = columns(
  'w text, c text, message_id text, type text, name text, properties jsonb, traits jsonb, context jsonb, ' +
    'timestamp ms, received_at ms, processed_at ms',
);
const CLOCK_PARAMETER = EVENT_ROWS.names.length + 1;

/**
 * Stores messages in one statement and returns the rows really inserted: a messageId already
 * stored for the customer (or repeated in the batch for the customer) is skipped. `processedAt` marks the rows
 * applied, for callers that apply them in the same transaction; null leaves them to the workers,
 * as do the customers in `pending` (customerKey strings).
 */
export async function insertEvents(
  sql: SqlExecutor,
  arrivals: Arrival[],
  processedAt: number | null,
  pending: ReadonlySet<string> = new Set(),
  /** The test clock of these customers: their events wait for it, not for the event workers. */
  clockId: string | null = null,
): Promise<InsertedEvent[]> {
  if (arrivals.length === 0) return [];
  const rows = arrivals.map(({ workspaceId, message: m }) => ({
    w: workspaceId,
    c: m.userId,
    message_id: m.messageId,
    type: m.type,
    name: m.event,
    properties: m.properties,
    traits: m.traits,
    context: m.context,
    timestamp: m.timestamp,
    received_at: m.receivedAt,
    processed_at:
      pending.size > 0 && pending.has(customerKey({ workspaceId, customerId: m.userId }))
        ? null
        : processedAt,
  }));
  // One parameter per column keeps the statement size constant whatever the batch length.
  const { rows: inserted } = await sql.executeSql(
    `insert into events (workspace_id, customer_id, message_id, type, name, properties, traits, context, timestamp,
       received_at, processed_at, clock_id)
     select w, c, message_id, type, name, properties, traits, context, timestamp, received_at, processed_at,
       $${CLOCK_PARAMETER}::text
     from ${rowsFrom(EVENT_ROWS)}
     on conflict (workspace_id, customer_id, message_id) do nothing
     returning workspace_id, customer_id, message_id, seq::text as seq`,
    [...arrays(EVENT_ROWS, rows), clockId],
  );
  return inserted.map((r) => ({
    workspaceId: String(r.workspace_id),
    customerId: String(r.customer_id),
    messageId: String(r.message_id),
    seq: Number(r.seq),
  }));
}

/** Stores messages for the workers to apply. Resolves after commit, so a 200 means the events are durable. */
export async function storeEvents(
  database: Database,
  workspaceId: string,
  messages: IngestMessage[],
): Promise<{ accepted: number; duplicates: number }> {
  const inserted = await insertEvents(
    database.sql,
    messages.map((message) => ({ workspaceId, message })),
    null,
  );
  return { accepted: inserted.length, duplicates: messages.length - inserted.length };
}
