import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at } from './columns';

export type EventType = 'identify' | 'track' | 'page';

/**
 * Every ingested message, stored before it is acknowledged. `seq` orders a customer's events;
 * `processed_at` stays null until the event has been applied to the customer's runs.
 */
export const events = pgTable(
  'events',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    messageId: text('message_id').notNull(),
    type: text('type').$type<EventType>().notNull(),
    name: text('name'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    /** When the event happened, as the sender says. */
    timestamp: at('timestamp').notNull(),
    receivedAt: at('received_at').notNull(),
    processedAt: at('processed_at'),
    /** Set when the event could not be applied and was skipped, so one bad event cannot stall its customer. */
    error: text('error'),
    /** The test clock of the event's customer: applied on that clock's time, never by the event workers. */
    clockId: text('clock_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.seq] }),
    // A messageId is deduplicated per customer: the same id sent for two customers is two events.
    uniqueIndex('events_message_id_idx').on(t.workspaceId, t.customerId, t.messageId),
    // Small by construction: only events still waiting to be applied by the workers.
    index('events_pending_idx').on(t.seq).where(sql`${t.processedAt} is null and ${t.clockId} is null`),
    // A test clock's pending events, applied when the clock runs.
    index('events_pending_clock_idx')
      .on(t.clockId, t.seq)
      .where(sql`${t.processedAt} is null and ${t.clockId} is not null`),
    // A customer's pending events, found without walking its whole history.
    index('events_pending_customer_idx')
      .on(t.workspaceId, t.customerId, t.seq)
      .where(sql`${t.processedAt} is null`),
  ],
);
