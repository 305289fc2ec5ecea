import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at } from './columns';
import type { Role } from './memberships';
import { workspaces } from './workspaces';

/**
 * An invitation to a workspace with a role, sent by email as a link. Only the link secret's hash
 * is stored; an invitation is used once (accepted) and can be withdrawn (revoked).
 */
export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    email: text('email').notNull(),
    role: text('role').$type<Role>().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The person who invited, or null when a token did. */
    invitedBy: text('invited_by'),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_idx').on(t.tokenHash),
    index('invitations_workspace_idx').on(t.workspaceId, t.email),
  ],
);
