import type { SqlExecutor } from '@stagecraft/db';

/**
 * The plan the database chooses for the statement `run` sends, by running it under EXPLAIN
 * instead (the statement's own rows are not needed, so `run` sees none).
 */
export async function queryPlan(sql: SqlExecutor, run: (explaining: SqlExecutor) => Promise<unknown>) {
  let plan = '';
  await run({
    async executeSql(text, values) {
      const { rows } = await sql.executeSql(`explain ${text}`, values);
      plan = rows.map((r) => String(r['QUERY PLAN'])).join('\n');
      return { rows: [], rowCount: 0 };
    },
  });
  return plan;
}
