import { bigint, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { workspaces } from './workspaces';

/** Who made a change: a signed-in user, an API token (or a session opened with one), or the server itself. */
export type AuditActorKind = 'user' | 'token' | 'system';

/**
 * The workspace's audit trail: one row per change, append-only. A trigger refuses updates, and
 * deletes outside the retention purge (see the migration that creates it).
 */
export const auditEntries = pgTable(
  'audit_entries',
  {
    /** Ascending with insertion; pages are cut on it. */
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    at: at('at').notNull().defaultNow(),
    actorKind: text('actor_kind').$type<AuditActorKind>().notNull(),
    /** The user's id, or the API token's id (a session opened with a token acts as that token). */
    actorId: text('actor_id').notNull(),
    /** The client address the change came from; null for the server's own work. */
    address: text('address'),
    /** Dot-namespaced: `journey.publish`, `keys.create`, ... */
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_entries_workspace_idx').on(t.workspaceId, t.id),
    index('audit_entries_target_idx').on(t.workspaceId, t.targetKind, t.targetId, t.id),
    index('audit_entries_at_idx').on(t.at),
  ],
);
