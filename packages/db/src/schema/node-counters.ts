import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Running totals per node of a journey version, added to in the same transaction as the steps
 * they count, so the canvas numbers cost one small read however many customers went through.
 * Node ids starting with "__" (reserved by the compiler) hold journey totals: `__runs` counts
 * runs started, `__completed`, `__exited`, `__converted` and `__failed` runs that ended so.
 */
export const nodeCounters = pgTable(
  'node_counters',
  {
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    nodeId: text('node_id').notNull(),
    entered: bigint('entered', { mode: 'number' }).notNull().default(0),
    completed: bigint('completed', { mode: 'number' }).notNull().default(0),
    errored: bigint('errored', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.version, t.nodeId] })],
);
