import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * A test clock: its own time, moved forward only through the API. Customers created on it live
 * on its time (their events happen at `now`, their timers fire when it is advanced past them)
 * and are left out of journey counters and experiments.
 */
export const testClocks = pgTable(
  'test_clocks',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    now: at('now').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);
