import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { workspaces } from './workspaces';

/** What an admin token may do in its workspace: the roles people have, lowest first. */
export const TOKEN_ROLES = ['viewer', 'marketer', 'admin', 'owner'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

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
    /** An admin token's role in its workspace; null for write keys, which can only send events. */
    role: text('role').$type<TokenRole>(),
    keyHash: text('key_hash').notNull(),
    /** The key's kind marker (`sc_wk_`) or its first four characters: enough to tell keys apart, nothing to guess with. */
    prefix: text('prefix').notNull(),
    /** The key's last four characters; null for keys stored before they were kept. */
    lastFour: text('last_four'),
    /** Where the key came from: `env` (a STAGECRAFT_* variable, replaced when it changes), `generated` or `api`. */
    source: text('source').$type<'env' | 'generated' | 'api'>().notNull().default('api'),
    createdAt: at('created_at').notNull().defaultNow(),
    /** Last successful use, written at most once a minute per key. */
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_idx').on(t.keyHash),
    index('api_keys_workspace_idx').on(t.workspaceId),
  ],
);
