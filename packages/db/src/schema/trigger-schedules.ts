import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** The next firing of each date trigger for each customer, recomputed when the profile changes. */
export const triggerSchedules = pgTable(
  'trigger_schedules',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    journeyId: text('journey_id').notNull(),
    nodeId: text('node_id').notNull(),
    version: integer('version').notNull(),
    fireAt: at('fire_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.journeyId, t.nodeId] }),
    index('trigger_schedules_fire_at_idx').on(t.fireAt),
  ],
);
