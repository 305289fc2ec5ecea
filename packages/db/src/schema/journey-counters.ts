import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** What a journey counter counts: runs started, or runs that ended with that status. */
export type RunOutcome = 'started' | 'completed' | 'exited' | 'converted' | 'failed';

/**
 * Running totals of runs per journey version and outcome, added to in the same transaction as
 * the runs they count, so a journey's totals cost one small read however many customers it had.
 * Per-node totals live in node_counters.
 */
export const journeyCounters = pgTable(
  'journey_counters',
  {
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    outcome: text('outcome').$type<RunOutcome>().notNull(),
    runs: bigint('runs', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.version, t.outcome] })],
);
