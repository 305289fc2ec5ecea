import { boolean, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

export type ExperimentDecision = 'stopped' | 'promoted';

/**
 * How an experiment ended: stopped, or its winner promoted into a new version. The results at
 * that moment are kept, so the experiment shows what the decision was made on.
 */
export const experimentDecisions = pgTable(
  'experiment_decisions',
  {
    workspaceId: text('workspace_id').notNull(),
    journeyId: text('journey_id').notNull(),
    nodeId: text('node_id').notNull(),
    decision: text('decision').$type<ExperimentDecision>().notNull(),
    /** The promoted arm; null when stopped. */
    arm: text('arm'),
    keepHoldout: boolean('keep_holdout'),
    /** The version the promotion published; null when stopped. */
    version: integer('version'),
    /** Runs moved onto that version, when asked to. */
    migrated: integer('migrated'),
    /** The credential that decided: its kind and id (an admin token or an editor session). */
    decidedBy: text('decided_by').notNull(),
    decidedAt: at('decided_at').notNull(),
    results: jsonb('results').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.nodeId] })],
);
