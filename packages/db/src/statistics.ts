import type { SqlExecutor } from './sql-executor';

/** How often PGlite's tables are checked for stale planner statistics. */
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
 * Keeps planner statistics current on PGlite, now and every minute. PGlite runs Postgres as a
 * single process with no autovacuum daemon, so its tables would never be analyzed, and the
 * planner, guessing, passes over indexes such as the customer search one. Queries wait for any
 * open transaction (PGlite has one session), so a check never runs inside someone else's.
 */
export function keepStatistics(sql: SqlExecutor): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const check = () => {
    // A failed check changes nothing but the planner's guesses; the next one tries again.
    running = running.then(() => analyzeStaleTables(sql)).catch(() => undefined);
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
