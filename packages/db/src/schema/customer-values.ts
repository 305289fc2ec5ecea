import { doublePrecision, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * What each customer is worth, as last computed: historical revenue, and with a fitted model the
 * predicted value over the workspace's horizon, expected purchases and probability alive. Kept
 * for the customers changed since the last pass and for everyone after each fit, so segment rules
 * and journey conditions read one row instead of a customer's purchases.
 */
export const customerValues = pgTable(
  'customer_values',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    historical: doublePrecision('historical').notNull(),
    predicted: doublePrecision('predicted'),
    expectedPurchases: doublePrecision('expected_purchases'),
    probabilityAlive: doublePrecision('probability_alive'),
    computedAt: at('computed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    /** Values computed since a moment: the cursor of the next pass, and segments reading CLV. */
    index('customer_values_computed_idx').on(t.workspaceId, t.computedAt),
  ],
);
