import { sql } from 'drizzle-orm';
import { index, integer, json, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';
import type { Step } from './run-steps';

/** One customer's pass through one journey, pinned to the version it entered. */
export const journeyRuns = pgTable(
  'journey_runs',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    id: text('id').notNull(),
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    status: text('status').$type<'active' | 'completed' | 'exited' | 'converted' | 'failed'>().notNull(),
    /**
     * The engine's RunState JSON, enough to resume the run after any restart; null once the run
     * has ended (an ended run is never resumed, and the columns say how and when it ended).
     */
    state: json('state').$type<Record<string, unknown>>(),
    currentNodeId: text('current_node_id'),
    /** The earliest pending timer; indexed so due runs are found without scanning. */
    wakeAt: at('wake_at'),
    triggerNodeId: text('trigger_node_id'),
    enteredAt: at('entered_at').notNull(),
    endedAt: at('ended_at'),
    /** Why the run ended: completed, exited (and by which rule), converted, failed. */
    exitReason: text('exit_reason'),
    updatedAt: at('updated_at').notNull(),
    /**
     * The steps of the transaction that started the run, at `entered_at`; later transactions
     * add rows to run_steps. Most runs start and end, or reach their first wait, in that first
     * transaction, so they need no run_steps row at all.
     */
    steps: json('steps').$type<Step[]>(),
    /**
     * The steps of the later transaction that ended the run, at `ended_at`: written with the
     * update that ends it, instead of a run_steps row of their own.
     */
    finalSteps: json('final_steps').$type<Step[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.id] }),
    index('journey_runs_wake_at_idx')
      .on(t.wakeAt)
      .where(sql`${t.status} = 'active' and ${t.wakeAt} is not null`),
    // Waiting runs per node (canvas counts), and the customers waiting at one node in the order
    // they move on (wake_at, then id), read a page at a time.
    index('journey_runs_waiting_idx')
      .on(t.journeyId, t.version, t.currentNodeId, t.wakeAt, t.id)
      .where(sql`${t.status} = 'active'`),
  ],
);
