import type { SqlExecutor } from '@stagecraft/db';

/**
 * Stored events not yet applied, counted up to `atMost` only: the partial index on pending
 * events keeps the scan to pending rows, and the limit keeps it short however far behind the
 * workers are.
 */
export async function pendingEvents(sql: SqlExecutor, atMost: number): Promise<number> {
  const { rows } = await sql.executeSql(
    'select count(*)::int as n from (select 1 from events where processed_at is null and clock_id is null limit $1) pending',
    [atMost],
  );
  return Number(rows[0]?.n ?? 0);
}
