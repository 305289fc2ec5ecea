import { bigint, integer, json, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

export type StepKind = 'entered' | 'left' | 'converted' | 'exited' | 'completed' | 'errored';

/** One thing that happened to a run at a node. */
export interface Step {
  nodeId: string;
  visit: number;
  kind: StepKind;
  port: string | null;
}

/**
 * What one transaction did to one run, in order — the customer timeline reads these. One row
 * per run and transaction (not per step) keeps the write cost of a busy journey low; per-node
 * totals live in node_counters.
 */
export const runSteps = pgTable(
  'run_steps',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    runId: text('run_id').notNull(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    steps: json('steps').$type<Step[]>().notNull(),
    at: at('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.customerId, t.id] })],
);
