import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { workspaces } from './workspaces';

/** Credentials: 'write' keys authenticate ingestion, 'admin' tokens the management API; only hashes are stored. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    kind: text('kind').$type<'write' | 'admin'>().notNull(),
    name: text('name').notNull().default(''),
    keyHash: text('key_hash').notNull(),
    /** The first characters of the key, so people can tell keys apart without the secret. */
    prefix: text('prefix').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_idx').on(t.keyHash),
    index('api_keys_workspace_idx').on(t.workspaceId),
  ],
);
