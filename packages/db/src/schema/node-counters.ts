import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Running totals per node of a journey version, added to in the same transaction as the steps
 * they count, so the canvas numbers cost one small read however many customers went through.
 * Every row is a real node of the version; totals of whole runs live in journey_counters.
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
