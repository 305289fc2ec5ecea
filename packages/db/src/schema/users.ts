import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * People who sign in to the editor. The email is stored lower-cased (one account per address);
 * the password hash is null for a person who signs in only through an identity provider.
 */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    /** `scrypt$N$r$p$salt$hash`, base64url parts; never sent anywhere. */
    passwordHash: text('password_hash'),
    createdAt: at('created_at').notNull().defaultNow(),
    passwordChangedAt: at('password_changed_at'),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);
