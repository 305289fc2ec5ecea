import { integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { journeys } from './journeys';

/** An immutable published journey document; runs are pinned to one of these. */
export const journeyVersions = pgTable(
  'journey_versions',
  {
    journeyId: text('journey_id')
      .notNull()
      .references(() => journeys.id),
    version: integer('version').notNull(),
    workspaceId: text('workspace_id').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    /** The compiler's hash of the document. */
    hash: text('hash').notNull(),
    publishedAt: at('published_at').notNull().defaultNow(),
    /** Who published it: a user or an API token; null for versions published before this was kept. */
    publishedBy: jsonb('published_by').$type<{ kind: 'user' | 'token' | 'system'; id: string }>(),
  },
  (t) => [primaryKey({ columns: [t.journeyId, t.version] })],
);
