import type { SqlExecutor } from './sql-executor';

/** How often PGlite's tables are checked for dead rows and stale planner statistics. */
const CHECK_EVERY_MS = 60_000;

/**
 * Analyzes every table whose planner statistics are stale by autovacuum's default rule: more
 * than 50 rows plus 10% of the table changed since its last analyze. Returns the tables analyzed.
 */
export async function analyzeStaleTables(sql: SqlExecutor): Promise<string[]> {
  const { rows } = await sql.executeSql(
    `select format('%I.%I', s.schemaname, s.relname) as name
     from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
     order by 1`,
  );
  const names = rows.map((r) => String(r.name));
  for (const name of names) await sql.executeSql(`analyze ${name}`);
  return names;
}

/**
 * Vacuums (and analyzes) every table with more dead rows than autovacuum's default rule allows:
 * 50 plus 20% of the table. Returns the tables vacuumed.
 */
export async function vacuumDeadTables(sql: SqlExecutor): Promise<string[]> {
  const { rows } = await sql.executeSql(
    `select format('%I.%I', s.schemaname, s.relname) as name
     from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
     order by 1`,
  );
  const names = rows.map((r) => String(r.name));
  for (const name of names) await sql.executeSql(`vacuum (analyze) ${name}`);
  return names;
}

/**
 * Does autovacuum's work on PGlite, now and every minute: PGlite runs Postgres as a single
 * process with no autovacuum daemon, so without this, rows that updates and deletes leave dead
 * (every run step, event and timer job makes some) would never be reclaimed, and tables would
 * never be analyzed, so the planner, guessing, passes over indexes such as the customer search
 * one. Queries wait for any open transaction (PGlite has one session), so a check never runs
 * inside someone else's; a vacuum holds the session while it runs, which on a table of an
 * embedded installation takes milliseconds.
 */
export function maintainTables(sql: SqlExecutor): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const check = () => {
    // A failed check changes nothing but the planner's guesses; the next one tries again.
    running = running
      .then(async () => {
        await vacuumDeadTables(sql);
        await analyzeStaleTables(sql);
      })
      .catch(() => undefined);
  };
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
