import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

export type StepKind = 'entered' | 'left' | 'converted' | 'exited' | 'completed' | 'errored';

/** One thing that happened to a run at a node, for per-node analytics and the customer timeline. */
export const stepRecords = pgTable(
  'step_records',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    runId: text('run_id').notNull(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    nodeId: text('node_id').notNull(),
    visit: integer('visit').notNull(),
    kind: text('kind').$type<StepKind>().notNull(),
    port: text('port'),
    at: at('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.id] }),
    index('step_records_journey_node_idx').on(t.journeyId, t.version, t.nodeId, t.kind),
    index('step_records_customer_at_idx').on(t.workspaceId, t.customerId, t.at),
  ],
);
