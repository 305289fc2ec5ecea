import { analyzeStaleTables, type Database, type SqlExecutor } from '@stagecraft/db';
import { createTestDatabase, seedCustomers, testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCustomers } from '../../src/runtime/customers-query';
import { queryPlan } from './query-plan';

const WORKSPACE = 'w1';
const CUSTOMERS = 5_000;

const special: [string, string, Record<string, unknown>][] = [
  ['w1', 'ada-lovelace', { first_name: 'Ada', last_name: 'Lovelace' }],
  ['w1', 'grace', { address: { city: 'Arlington', lines: ['1 Navy Way'] } }],
  ['w1', 'scorer', { score: 987654, verified: true }],
  ['w1', 'coupon', { code: '50%_off' }],
  ['w1', 'keyed', { needle_name: 'nothing to see' }],
  ['w2', 'other-lovelace', { last_name: 'Lovelace' }],
];

/** The plan the database chooses for a search. */
const searchPlan = (sql: SqlExecutor, query: string) =>
  queryPlan(sql, (explaining) => searchCustomers(explaining, WORKSPACE, query, 50));

/**
 * What autovacuum does on Postgres, and the database layer every minute on PGlite, once that many
 * rows arrived. Row counts reach the statistics views within a second or so.
 */
async function untilAnalyzed(sql: SqlExecutor): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    await analyzeStaleTables(sql);
    const { rows } = await sql.executeSql(
      `select coalesce(last_analyze, last_autoanalyze) is not null as analyzed
       from pg_stat_user_tables where relname = 'customers'`,
    );
    if (rows[0]?.analyzed) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('customers were never analyzed');
}

describe.each(testDatabaseKinds())('customer search on %s', (kind) => {
  let database: Database;
  const search = async (query: string, limit = 50) =>
    (await searchCustomers(database.sql, WORKSPACE, query, limit)).map((c) => c.customerId);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedCustomers(database, WORKSPACE, CUSTOMERS);
    for (const [workspace, id, traits] of special) {
      await database.sql.executeSql(
        `insert into customers (workspace_id, customer_id, traits, last_seen_at) values ($1, $2, $3, '2029-01-01')`,
        [workspace, id, JSON.stringify(traits)],
      );
    }
    await untilAnalyzed(database.sql);
  });
  afterAll(() => database.close());

  it('finds a customer by part of the id or of a trait value, in any case, within the workspace', async () => {
    expect(await search('LOVELACE')).toEqual(['ada-lovelace']);
    expect(await search('person4242@')).toEqual(['user-4242']);
    expect(await search('ada-lov')).toEqual(['ada-lovelace']);
  });

  it('finds nested values, array items, numbers and booleans, but not trait names', async () => {
    expect(await search('arlington')).toEqual(['grace']);
    expect(await search('navy way')).toEqual(['grace']);
    expect(await search('87654')).toEqual(['scorer']);
    expect(await search('needle_name')).toEqual([]);
    expect(await search('to see')).toEqual(['keyed']);
  });

  it('takes % and _ literally', async () => {
    expect(await search('50%_o')).toEqual(['coupon']);
    expect(await search('%')).toEqual(['coupon']);
  });

  it('lists the most recently seen first, all customers for an empty query', async () => {
    expect(await search('', 3)).toEqual(['user-5000', 'user-4999', 'user-4998']);
    expect(await search('Company 399', 2)).toEqual(['user-4799', 'user-4399']);
  });

  it('reads the trigram index, not every customer, on 5,000 customers', async () => {
    for (const query of ['person4242@', 'Lovelace']) {
      const plan = await searchPlan(database.sql, query);
      expect(plan).toContain('customers_search_idx');
      expect(plan).not.toMatch(/Seq Scan on customers/);
    }
  });
});
