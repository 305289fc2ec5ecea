import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** Every lifecycle stage change of a customer, with when and which journey node caused it. */
export const stageHistory = pgTable(
  'stage_history',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    journeyId: text('journey_id'),
    runId: text('run_id'),
    nodeId: text('node_id'),
    at: at('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.id] }),
    index('stage_history_customer_at_idx').on(t.workspaceId, t.customerId, t.at),
  ],
);

/** A stage change as stored. */
export type StageChange = typeof stageHistory.$inferSelect;
