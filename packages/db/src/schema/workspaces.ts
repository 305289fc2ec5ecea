import { boolean, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** A tenant: its own customers, journeys, keys, time zone and lifecycle stages. */
export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Fallback zone for customers whose own zone is missing or invalid. */
  timeZone: text('time_zone').notNull().default('UTC'),
  stages: jsonb('stages').$type<{ id: string; name: string; color: string; order: number }[]>().notNull(),
  /** A marketer's publish waits for an admin's approval. */
  publishApproval: boolean('publish_approval').notNull().default(false),
  /** Audit entries older than this many days are purged by the scheduled retention job. */
  auditRetentionDays: integer('audit_retention_days').notNull().default(365),
  /** The user or token that created the workspace; null for the one a fresh installation starts with. */
  createdBy: text('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
});
