import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * queued: waiting for delivery; sending: claimed by one worker; sent: accepted by the provider;
 * failed: last attempt failed, a retry is scheduled; dead: gave up after the last attempt;
 * no_provider: stored and rendered, but no provider is configured for the channel, so nothing was sent;
 * no_address: the customer has no address on the channel; deferred: held back by quiet hours, a
 * frequency cap or a send rate until `next_attempt_at`; skipped: not sent by a guardrail (consent,
 * a frequency cap, a suppressed address), the reason in `last_error`.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'dead',
  'no_provider',
  'no_address',
  'deferred',
  'skipped',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
/** message: a channel send; http: an HTTP request step; plugin: a plugin node's own effect. */
export const MESSAGE_KINDS = ['message', 'http', 'plugin'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** One try at delivering a message; `at` is ISO 8601. */
export interface DeliveryAttempt {
  at: string;
  ms: number;
  status: number | null;
  error: string | null;
}

/** The outbox: every side effect bound for the outside world, claimed by status before delivery. */
export const messages = pgTable(
  'messages',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    /**
     * The effect's idempotency key, built by the engine from (run, node, visit): the primary key,
     * so a step applied again can never add a second row, and receivers get it as Idempotency-Key.
     */
    id: text('id').notNull(),
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
    /** One entry per delivery attempt: when, how long, the HTTP status and the error, if any. */
    attemptLog: jsonb('attempt_log').$type<DeliveryAttempt[]>(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    sentAt: at('sent_at'),
    /**
     * When the message passed its guardrails (consent, caps, quiet hours, send rate) and was
     * handed on; frequency caps count messages cleared or sent.
     */
    clearedAt: at('cleared_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.id] }),

    index('messages_workspace_created_idx').on(t.workspaceId, t.createdAt),
    // Only messages that still need something (or someone): most end sent or with no provider,
    // and those are listed through the created_at index (they are most of the rows anyway).
    // A retry by id finds its dead or failed message here too; every message paid for an index
    // on (workspace, id) that only retries read.
    // Messages held back by a guardrail, for the journey's live counts per step (few rows).
    index('messages_held_idx')
      .on(t.workspaceId, t.journeyId, t.nodeId)
      .where(sql`${t.status} in ('skipped', 'deferred')`),
    index('messages_attention_idx')
      .on(t.workspaceId, t.status, t.createdAt)
      .where(sql`${t.status} in ('queued', 'sending', 'failed', 'dead')`),
  ],
);

/** A row of the outbox as stored; every other shape of a message is derived from this one. */
export type Message = typeof messages.$inferSelect;
