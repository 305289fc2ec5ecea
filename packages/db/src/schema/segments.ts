import { date, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** A saved segment: a name and a rule group; `size` is its member count, kept with the members. */
export const segments = pgTable(
  'segments',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    size: integer('size').notNull().default(0),
    /** Customer changes up to this instant are reflected in the members (the incremental cursor). */
    evaluatedThrough: at('evaluated_through').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Who is in a segment now, and since when. */
export const segmentMembers = pgTable(
  'segment_members',
  {
    workspaceId: text('workspace_id').notNull(),
    segmentId: text('segment_id').notNull(),
    customerId: text('customer_id').notNull(),
    enteredAt: at('entered_at').notNull(),
  },
  (t) => [
    // Keyed by customer first, as every table that grows with customers is.
    primaryKey({ columns: [t.workspaceId, t.customerId, t.segmentId] }),
    /** A segment's members in id order: sizes and member pages. */
    index('segment_members_by_segment_idx').on(t.workspaceId, t.segmentId, t.customerId),
  ],
);

/**
 * When a customer's verdict for a segment can next change by time alone: the moment the oldest
 * event counted in a rule's window leaves it. Small: only customers with events inside a window.
 */
export const segmentChecks = pgTable(
  'segment_checks',
  {
    workspaceId: text('workspace_id').notNull(),
    segmentId: text('segment_id').notNull(),
    customerId: text('customer_id').notNull(),
    dueAt: at('due_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId, t.segmentId] }),
    index('segment_checks_due_idx').on(t.dueAt),
  ],
);

/** A segment's size at the end of each day (the last size seen that day). */
export const segmentSizes = pgTable(
  'segment_sizes',
  {
    workspaceId: text('workspace_id').notNull(),
    segmentId: text('segment_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    size: integer('size').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.segmentId, t.day] })],
);

export type SegmentRow = typeof segments.$inferSelect;
