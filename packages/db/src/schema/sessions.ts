import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { apiKeys } from './api-keys';
import { at } from './columns';
import { workspaces } from './workspaces';

/**
 * Editor sign-ins: a session cookie's hash, the workspace it acts in, and the admin token it was
 * exchanged for (revoking that token ends the session), or the person signed in (`user_id`).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    tokenHash: text('token_hash').notNull(),
    apiKeyId: text('api_key_id').references(() => apiKeys.id),
    userId: text('user_id'),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_idx').on(t.tokenHash),
    index('sessions_expires_idx').on(t.expiresAt),
    index('sessions_user_idx').on(t.userId),
  ],
);
