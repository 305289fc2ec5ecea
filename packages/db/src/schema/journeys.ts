import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { workspaces } from './workspaces';

export type JourneyStatus = 'draft' | 'live' | 'paused' | 'archived';

/** A journey's editable draft and its lifecycle; published graphs live in journey_versions. */
export const journeys = pgTable(
  'journeys',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    status: text('status').$type<JourneyStatus>().notNull().default('draft'),
    /** The journey document being edited (JourneyDocumentInput JSON). */
    draft: jsonb('draft').$type<Record<string, unknown>>().notNull(),
    /** Bumped on each save; a save naming an older revision is a conflict. */
    draftRevision: integer('draft_revision').notNull().default(0),
    /** The version new customers enter, or null before the first publish. */
    publishedVersion: integer('published_version'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('journeys_workspace_status_idx').on(t.workspaceId, t.status)],
);
