import { jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * A workspace's analytics settings: its currency, churn window and which events and properties
 * feed each lifecycle metric. Stored as given; the server fills in Segment-spec defaults on read.
 */
export const analyticsSettings = pgTable('analytics_settings', {
  workspaceId: text('workspace_id').primaryKey(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: at('updated_at').notNull().defaultNow(),
});
