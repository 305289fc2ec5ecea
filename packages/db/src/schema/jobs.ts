import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * Durable work: run timers, date triggers, deliveries and backfills, each due at `due_at`.
 * Jobs are inserted in the same transaction as the state change that asks for them, and taken
 * (deleted) in the same transaction as the work they stand for, so a job exists exactly as long
 * as its work is undone. A job whose work keeps failing is retried with backoff and, after its
 * last attempt, kept as a dead letter (`dead_at`) that no worker takes.
 */
export const jobs = pgTable(
  'jobs',
  {
    workspaceId: text('workspace_id').notNull(),
    /** The customer the work is for; '' for work on a whole workspace (date-trigger backfills). */
    customerId: text('customer_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    /** Which worker takes it: `timer`, `deliver` or `backfill`. */
    queue: text('queue').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    dueAt: at('due_at').notNull(),
    /** Failed attempts so far; the work's own retries (deliveries) are new jobs, not attempts. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Set when the last attempt failed: a dead letter, kept for an operator, never taken. */
    deadAt: at('dead_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    /** The test clock whose time the job waits for, or null for real time. */
    clockId: text('clock_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.id] }),
    /** The claim: the earliest due jobs of one queue, dead letters and test clocks' jobs left out. */
    index('jobs_due_idx').on(t.queue, t.dueAt).where(sql`${t.deadAt} is null and ${t.clockId} is null`),
    /** A test clock's jobs, taken when the clock is advanced. */
    index('jobs_clock_due_idx')
      .on(t.clockId, t.queue, t.dueAt)
      .where(sql`${t.deadAt} is null and ${t.clockId} is not null`),
  ],
);
