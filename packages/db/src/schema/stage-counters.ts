import { bigint, date, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';

/**
 * Daily totals of stage_history per workspace, UTC day and stage, so the stage funnel reads a few
 * rows per day instead of every stay. Added to in the same transaction as the stage changes (in
 * key order, like node_counters); customers on a test clock are not counted. Three kinds of row:
 * - `moved_to = ''`, `stay_bin = -1`: `entered` counts the stays begun that day;
 * - `moved_to = T`, `stay_bin = -1`: `exits` counts the moves to T that day, and
 *   `exits_of_entries` the moves to T, whenever they happened, of stays begun that day;
 * - `moved_to = ''`, `stay_bin = B`: `exits` counts the stays that ended that day and lasted a
 *   duration in bin B (`stage_stay_bin`, migration 0027: 32 bins per doubling of minutes).
 */
export const stageCounters = pgTable(
  'stage_counters',
  {
    workspaceId: text('workspace_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    stage: text('stage').notNull(),
    movedTo: text('moved_to').notNull().default(''),
    stayBin: smallint('stay_bin').notNull().default(-1),
    entered: bigint('entered', { mode: 'number' }).notNull().default(0),
    exits: bigint('exits', { mode: 'number' }).notNull().default(0),
    exitsOfEntries: bigint('exits_of_entries', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.stage, t.movedTo, t.stayBin] })],
);
