import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/** The committed, generated migrations of this package. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Any number for the advisory lock that keeps concurrent starts from migrating at the same time. */
const MIGRATION_LOCK = 7_245_118_903;

/** Applies pending migrations on PGlite (a single connection, so no lock is needed). */
export async function migrateEmbedded(db: PgliteDatabase<Record<string, unknown>>): Promise<void> {
  await migratePglite(db, { migrationsFolder });
}

/**
 * Applies pending migrations on Postgres, serialised across processes by an advisory lock held
 * on a connection of its own: the pool may have a single connection, which the migrations need.
 */
export async function migrateServer(
  db: PostgresJsDatabase<Record<string, unknown>>,
  url: string,
): Promise<void> {
  const lock = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(db, { migrationsFolder });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    await lock.end({ timeout: 1 });
  }
}
