import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type { Row, RowList, Sql, TransactionSql } from 'postgres';

/** A row as returned by raw SQL. */
export type SqlRow = Record<string, unknown>;

/** Runs raw SQL on one connection or transaction, with the same behaviour on both drivers. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: SqlRow[]; rowCount: number }>;
}

/** Executes on PGlite: `query` for parameterised text, `exec` for multi-statement text without values. */
export function pgliteExecutor(client: PGlite | PGliteTransaction): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const result = await client.query<SqlRow>(text, values.map(toParameter));
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      }
      const results = await client.exec(text).catch(async (error: unknown) => {
        // Multi-statement text may carry its own BEGIN; a failure must not leave the one PGlite
        // session inside an aborted transaction. (A Transaction object is rolled back by its owner.)
        if (!('rollback' in client)) await client.exec('rollback').catch(() => undefined);
        throw error;
      });
      const last = results.at(-1);
      return { rows: (last?.rows ?? []) as SqlRow[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
    },
  };
}

/**
 * Executes on postgres.js: `unsafe` with values; multi-statement text without values (which
 * may carry its own BEGIN/COMMIT) runs with the simple protocol on a reserved
 * connection of the pool, or on the transaction's own connection.
 */
export function postgresExecutor(client: Sql | TransactionSql): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        // Prepared: the statement is parsed once per connection, and each run is a single round
        // trip (an unprepared statement with parameters first asks the server for their types).
        const result = await client.unsafe(text, values.map(toParameter) as never[], { prepare: true });
        return { rows: [...result] as SqlRow[], rowCount: result.count ?? result.length };
      }
      if (!('reserve' in client)) return lastResult(await client.unsafe(text).simple());
      const connection = await client.reserve();
      try {
        return lastResult(await connection.unsafe(text).simple());
      } catch (error) {
        // The text may carry its own BEGIN; never hand the pool a connection inside an aborted transaction.
        await connection.unsafe('rollback').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    },
  };
}

/** The simple protocol returns one result per statement when there are several; callers want the last. */
function lastResult(result: RowList<Row[]>): { rows: SqlRow[]; rowCount: number } {
  const many = result.length > 0 && result.every((r) => Array.isArray(r));
  const last = many ? (result.at(-1) as unknown as RowList<Row[]>) : result;
  return { rows: [...last] as SqlRow[], rowCount: last.count ?? last.length };
}

/** As node-postgres does: undefined is sent as NULL and plain objects as JSON text. */
function toParameter(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || Array.isArray(value) || value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}
