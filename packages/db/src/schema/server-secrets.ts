import { pgTable, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * Secrets the server must read back (unlike credentials, which are stored hashed), such as the
 * webhook signing key; one row per name, shared by every process on the database.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});
