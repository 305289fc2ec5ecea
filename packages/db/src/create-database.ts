import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { maintainTables } from './maintenance';
import { migrateEmbedded, migrateServer } from './migrate';
import { openPgliteFolder } from './pglite-folder';
import * as schema from './schema/index';
import { pgliteExecutor, postgresExecutor, type SqlExecutor } from './sql-executor';

/** The Drizzle database with this package's schema, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** One transaction: Drizzle for typed queries and raw SQL on the same connection. */
export interface Transaction {
  db: Db;
  sql: SqlExecutor;
}

/** An open, migrated database. */
export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Raw SQL outside any transaction. */
  sql: SqlExecutor;
  /** Runs `fn` in one transaction; Drizzle and raw SQL inside it commit or roll back together. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while no other process runs one with the same key: on Postgres under an advisory
   * lock held on a connection of its own (so `fn` may use every pool connection, and its
   * statements start after the lock, seeing what the previous holder committed); on PGlite,
   * which one process owns, as is.
   */
  exclusive<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** postgres://... — use that server; otherwise embedded PGlite. */
  url?: string;
  /** PGlite data folder, or ':memory:'. Ignored when `url` is set. */
  dataDir?: string;
  /** Postgres connection pool size (default 10). */
  max?: number;
}

/** Opens Postgres when `url` is set, else PGlite in `dataDir`, and applies pending migrations. */
export async function createDatabase(options: CreateDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.max ?? 10);
  if (!options.dataDir)
    throw new Error('createDatabase: set `url` (postgres://...) or `dataDir` (a folder or ":memory:").');
  return openPglite(options.dataDir);
}

/** The driver's own transaction client, which Drizzle keeps on the transaction's session. */
function rawClient(tx: unknown): unknown {
  return (tx as { session: { client: unknown } }).session.client;
}

/** PGlite loads contrib extensions as bundles; these are the ones our migrations create. */
const pgliteOptions: PGliteOptions = { extensions: { pg_trgm } };

async function openPglite(dataDir: string): Promise<Database> {
  const { client, close } =
    dataDir === ':memory:'
      ? inMemory(new PGlite(pgliteOptions))
      : await openPgliteFolder(dataDir, pgliteOptions);
  const db = drizzlePglite(client, { schema });
  try {
    await migrateEmbedded(db);
  } catch (error) {
    await close();
    throw error;
  }
  const sql = pgliteExecutor(client);
  const maintenance = maintainTables(sql);
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    sql,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          db: tx as unknown as Db,
          sql: pgliteExecutor(rawClient(tx) as Parameters<typeof pgliteExecutor>[0]),
        }),
      ),
    exclusive: (_key, fn) => fn(),
    close: async () => {
      await maintenance.stop();
      await close();
    },
  };
}

function inMemory(client: PGlite) {
  return { client, close: () => client.close() };
}

/**
 * Settings of every server connection. JIT compilation is off: Postgres turns it on for any
 * statement estimated above jit_above_cost, and for the analytics queries (a funnel, a metric)
 * compiling took 0.5 s of a 0.7 s statement; nothing here runs long enough to repay it.
 */
const CONNECTION = { jit: 'off' };

async function openPostgres(url: string, max: number): Promise<Database> {
  const client = postgres(url, { max, onnotice: () => undefined, connection: CONNECTION });
  const db = drizzlePostgres(client, { schema });
  try {
    await exclusiveOn(url, MIGRATION_LOCK, () => migrateServer(db));
  } catch (error) {
    await client.end({ timeout: 1 });
    throw error;
  }
  const sql = postgresExecutor(client);
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    sql,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ db: tx as unknown as Db, sql: postgresExecutor(rawClient(tx) as postgres.Sql) }),
      ),
    exclusive: (key, fn) => exclusiveOn(url, key, fn),
    close: () => client.end({ timeout: 5 }),
  };
}

/** Any number, for the lock that keeps concurrent starts from migrating at the same time. */
const MIGRATION_LOCK = 7_245_118_903;

async function exclusiveOn<T>(url: string, key: number, fn: () => Promise<T>): Promise<T> {
  const lock = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await lock`select pg_advisory_lock(${key})`;
    return await fn();
  } finally {
    await lock`select pg_advisory_unlock(${key})`.catch(() => undefined);
    await lock.end({ timeout: 1 });
  }
}
