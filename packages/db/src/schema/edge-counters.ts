import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Running totals per edge of a journey version, an edge being a node's output port: runs that
 * left the node through it (`passed`) and, of those, runs that reached the journey's goal
 * (`converted`). Added to in the same transaction as the steps, like node_counters.
 */
export const edgeCounters = pgTable(
  'edge_counters',
  {
    journeyId: text('journey_id').notNull(),
    version: integer('version').notNull(),
    nodeId: text('node_id').notNull(),
    port: text('port').notNull(),
    passed: bigint('passed', { mode: 'number' }).notNull().default(0),
    converted: bigint('converted', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.version, t.nodeId, t.port] })],
);
