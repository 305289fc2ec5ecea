import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';

/** The committed, generated migrations of this package. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Applies pending migrations on PGlite (a single connection, so no lock is needed). */
export async function migrateEmbedded(db: PgliteDatabase<Record<string, unknown>>): Promise<void> {
  await migratePglite(db, { migrationsFolder });
}

/** Applies pending migrations on Postgres; the caller serialises concurrent starts (see exclusive). */
export async function migrateServer(db: PostgresJsDatabase<Record<string, unknown>>): Promise<void> {
  await migratePostgres(db, { migrationsFolder });
}
