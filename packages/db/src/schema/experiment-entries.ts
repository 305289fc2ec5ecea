import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * One customer's assignment at a random split: the arm a run was sent to, and when the
 * customer first converted within the split's attribution window. Written by the runtime in
 * the transaction that makes the assignment and the one that sees the conversion, so results
 * are one aggregate over this table.
 */
export const experimentEntries = pgTable(
  'experiment_entries',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    journeyId: text('journey_id').notNull(),
    nodeId: text('node_id').notNull(),
    runId: text('run_id').notNull(),
    version: integer('version').notNull(),
    arm: text('arm').notNull(),
    enteredAt: at('entered_at').notNull(),
    convertedAt: at('converted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.journeyId, t.nodeId, t.runId] }),
    // Results read counts per arm from this index alone (an index-only scan), by workspace too.
    index('experiment_entries_results_idx').on(
      t.workspaceId,
      t.journeyId,
      t.nodeId,
      t.arm,
      t.enteredAt,
      t.convertedAt,
    ),
  ],
);
