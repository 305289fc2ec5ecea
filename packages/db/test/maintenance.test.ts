import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStaleTables, type Database, vacuumDeadTables } from '../src/index';
import { createTestDatabase } from '../src/testing';

// PGlite runs no autovacuum, so these checks are all that keeps its planner statistics current.
describe('table maintenance on PGlite', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.close());

  /** Row counts reach the statistics views within a second or so: check until they have. */
  async function analyzedOnceCountsArrive(): Promise<string[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const analyzed = await analyzeStaleTables(database.sql);
      if (analyzed.length > 0) return analyzed;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }

  it('analyzes a table once enough of it changed, and not again until more does', async () => {
    await database.sql.executeSql(
      `insert into customers (workspace_id, customer_id) select 'w', 'c' || g from generate_series(1, 1000) g`,
    );
    expect(await analyzedOnceCountsArrive()).toEqual(['public.customers']);
    const { rows } = await database.sql.executeSql(
      "select reltuples::int as rows from pg_class where relname = 'customers'",
    );
    expect(rows[0]?.rows).toBe(1000);

    await database.sql.executeSql("update customers set stage = 'lead' where customer_id in ('c1', 'c2')");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await analyzeStaleTables(database.sql)).toEqual([]);
  });

  it('vacuums a table once many of its rows are dead, reclaiming them', async () => {
    await database.sql.executeSql(
      `insert into stage_history (workspace_id, customer_id, to_stage, at)
       select 'w', 'c' || g, 'lead', now() from generate_series(1, 1000) g`,
    );
    await database.sql.executeSql("delete from stage_history where customer_id <> 'c1'");
    let vacuumed: string[] = [];
    for (let attempt = 0; attempt < 50 && vacuumed.length === 0; attempt++) {
      vacuumed = await vacuumDeadTables(database.sql);
      if (vacuumed.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(vacuumed).toContain('public.stage_history');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { rows } = await database.sql.executeSql(
      "select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'stage_history'",
    );
    expect(rows[0]?.dead).toBe(0);
    expect(await vacuumDeadTables(database.sql)).not.toContain('public.stage_history');
  });
});
