import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** A customer's profile: merged traits, validated time zone, lifecycle stage and tags. */
export const customers = pgTable(
  'customers',
  {
    workspaceId: text('workspace_id').notNull(),
    customerId: text('customer_id').notNull(),
    traits: jsonb('traits').$type<Record<string, unknown>>().notNull().default({}),
    /** A valid IANA zone; the workspace zone when the customer sent none or an invalid one. */
    timeZone: text('time_zone'),
    /** The invalid zone the customer last sent, kept so the fallback is visible, else null. */
    invalidTimeZone: text('invalid_time_zone'),
    stage: text('stage'),
    stageChangedAt: at('stage_changed_at'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    /** The test clock the customer lives on, or null for a real customer. */
    testClockId: text('test_clock_id'),
    firstSeenAt: at('first_seen_at').notNull().defaultNow(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    /**
     * The newest timestamp of an event applied to the customer, kept to the minute (the stored
     * value is at most a minute behind the newest): the stage funnel's churned customers read it.
     */
    lastEventAt: at('last_event_at'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.customerId] }),
    /** A test clock's customers; real customers are not in it. */
    index('customers_test_clock_idx')
      .on(t.workspaceId, t.testClockId)
      .where(sql`${t.testClockId} is not null`),
    // Customers changed since a moment: segment membership re-evaluates only those.
    index('customers_updated_idx').on(t.workspaceId, t.updatedAt),
    /**
     * Customer search: a case-insensitive substring of the id or of a trait value. Trigrams of
     * customer_search_text (migration 0006), so `customer_search_text(customer_id, traits)
     * ilike '%…%'` reads the index instead of every customer; three characters or more are
     * needed for it to narrow anything down.
     */
    index('customers_search_idx').using(
      'gin',
      sql`customer_search_text(${t.customerId}, ${t.traits}) gin_trgm_ops`,
    ),
  ],
);
