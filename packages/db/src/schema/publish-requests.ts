import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { journeys } from './journeys';
import { workspaces } from './workspaces';

export const PUBLISH_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type PublishRequestStatus = (typeof PUBLISH_REQUEST_STATUSES)[number];

/**
 * A publish waiting for approval (workspaces that require it): the draft as it was when asked,
 * so what is approved is what was reviewed, and who decided.
 */
export const publishRequests = pgTable(
  'publish_requests',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    journeyId: text('journey_id')
      .notNull()
      .references(() => journeys.id),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    /** The draft revision the request was made from. */
    revision: integer('revision').notNull(),
    requestedBy: text('requested_by'),
    status: text('status').$type<PublishRequestStatus>().notNull().default('pending'),
    decidedBy: text('decided_by'),
    decidedAt: at('decided_at'),
    /** The reviewer's reason when rejecting. */
    note: text('note'),
    /** The version the approval published. */
    version: integer('version'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('publish_requests_journey_idx').on(t.workspaceId, t.journeyId, t.status)],
);
