import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';
import { users } from './users';
import { workspaces } from './workspaces';

/** Roles a person or token holds in a workspace, from least to most trusted. */
export const ROLES = ['viewer', 'marketer', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Who belongs to which workspace, and with what role. */
export const memberships = pgTable(
  'memberships',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);
