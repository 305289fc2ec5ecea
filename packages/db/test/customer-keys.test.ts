import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/index';
import { createTestDatabase, testDatabaseKinds } from '../src/testing';

/**
 * DESIGN.md: every table that grows with customers is keyed by (workspace, customer), so it can
 * be distributed on that key. Checked on the schema the committed migrations build: every table
 * with a customer_id column has a primary key, and it and every unique index start with
 * (workspace_id, customer_id) — a distributed table can enforce uniqueness only within one key.
 */
describe.each(testDatabaseKinds())('customer keys on %s', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('keys every table that grows with customers by (workspace_id, customer_id)', async () => {
    const { rows: tables } = await database.sql.executeSql(
      `select table_name from information_schema.columns
       where table_schema = 'public' and column_name = 'customer_id' order by 1`,
    );
    const { rows: keys } = await database.sql.executeSql(
      `select c.relname as table_name, i.relname as index_name, x.indisprimary as is_primary,
         (select string_agg(a.attname::text, ',' order by k.ord)
          from unnest(x.indkey::int2[]) with ordinality as k(attnum, ord)
          join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum) as columns
       from pg_index x
       join pg_class c on c.oid = x.indrelid
       join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and x.indisunique`,
    );
    const names = tables.map((t) => String(t.table_name));
    // The tables this claim is about; a new one with customer_id joins the check by itself.
    expect(names).toEqual(expect.arrayContaining(['customers', 'events', 'journey_runs', 'messages']));
    const faults: string[] = [];
    for (const table of names) {
      const own = keys.filter((k) => k.table_name === table);
      if (!own.some((k) => k.is_primary)) faults.push(`${table} has no primary key`);
      for (const key of own) {
        const columns = String(key.columns).split(',');
        if (columns[0] !== 'workspace_id' || columns[1] !== 'customer_id')
          faults.push(`${table}.${key.index_name} is keyed by (${columns.join(', ')})`);
      }
    }
    expect(faults).toEqual([]);
  });
});
