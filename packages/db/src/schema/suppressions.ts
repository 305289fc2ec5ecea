import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * Addresses no message goes to on a channel, transactional ones included: a hard bounce or an
 * invalid number puts them here; an admin can remove them.
 */
export const suppressions = pgTable(
  'suppressions',
  {
    workspaceId: text('workspace_id').notNull(),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    reason: text('reason').notNull(),
    /**
     * The message whose delivery failed for good, when there was one. No customer column: an
     * address is suppressed for every customer who has it, and the table grows with bad
     * addresses, not with customers.
     */
    messageId: text('message_id'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel, t.address] })],
);

export type Suppression = typeof suppressions.$inferSelect;
