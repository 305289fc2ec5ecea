import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * Every lifecycle stage change of a customer, with when and which journey node caused it. Each
 * row is also the stay in `to_stage` it began: `left_at` and `moved_to` are set by a trigger
 * (migration 0026) when the customer's next change is recorded, so the stage funnel reads the
 * stays that began or ended in a period through an index instead of ordering all history.
 */
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
    /** When the customer's next change ended this stay, and the stage it moved to; null while in it. */
    leftAt: at('left_at'),
    movedTo: text('moved_to'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.id] }),
    index('stage_history_customer_at_idx').on(t.workspaceId, t.customerId, t.at),
    /** Stays that began in a period. */
    index('stage_history_at_idx').on(t.workspaceId, t.at),
    /** Stays that ended in a period. */
    index('stage_history_left_idx').on(t.workspaceId, t.leftAt).where(sql`${t.leftAt} is not null`),
  ],
);

/** A stage change as stored. */
export type StageChange = typeof stageHistory.$inferSelect;
