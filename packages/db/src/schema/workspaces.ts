import { boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
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
  createdAt: at('created_at').notNull().defaultNow(),
});
