import { bigint, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** A workspace's delivery guardrails (quiet hours, frequency caps, send rates), as one document. */
export const workspaceGuardrails = pgTable('workspace_guardrails', {
  workspaceId: text('workspace_id').primaryKey(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * Sends handed to a provider per second, counted in the database so every server process shares
 * one limit. Rows of past seconds are deleted as new ones are written.
 */
export const sendRateWindows = pgTable(
  'send_rate_windows',
  {
    workspaceId: text('workspace_id').notNull(),
    channel: text('channel').notNull(),
    /** Unix second. */
    second: bigint('second', { mode: 'number' }).notNull(),
    sent: integer('sent').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel, t.second] })],
);
