import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * queued: waiting for delivery; sending: claimed by one worker; sent: accepted by the provider;
 * failed: last attempt failed, a retry is scheduled; dead: gave up after the last attempt;
 * no_provider: stored and rendered, but no provider is configured for the channel, so nothing was sent.
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead' | 'no_provider';
export type MessageKind = 'message' | 'http' | 'plugin';

/** The outbox: every side effect bound for the outside world, claimed by status before delivery. */
export const messages = pgTable(
  'messages',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    id: text('id').notNull(),
    /** From the engine's (run, node, visit) key; unique, so a retried step never adds a second row. */
    idempotencyKey: text('idempotency_key').notNull(),
    kind: text('kind').$type<MessageKind>().notNull(),
    runId: text('run_id').notNull(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    nodeId: text('node_id').notNull(),
    visit: integer('visit').notNull(),
    channel: text('channel'),
    name: text('name'),
    to: text('to'),
    subject: text('subject'),
    body: text('body'),
    url: text('url'),
    /** The full request of http effects (method, headers, timeout, body) and plugin effects (type, params). */
    request: jsonb('request').$type<Record<string, unknown>>(),
    status: text('status').$type<MessageStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: at('next_attempt_at'),
    providerMessageId: text('provider_message_id'),
    response: jsonb('response').$type<unknown>(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    sentAt: at('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.id] }),
    uniqueIndex('messages_idempotency_key_idx').on(t.workspaceId, t.customerId, t.idempotencyKey),
    index('messages_workspace_id_idx').on(t.workspaceId, t.id),
    index('messages_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('messages_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'failed')`),
    index('messages_workspace_status_idx').on(t.workspaceId, t.status, t.createdAt),
    index('messages_customer_idx').on(t.workspaceId, t.customerId, t.createdAt),
  ],
);
