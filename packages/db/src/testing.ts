import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, type Database } from './create-database';

export type DatabaseKind = Database['kind'];

/** The kinds a database suite runs on: PGlite always, Postgres too when DATABASE_URL is set. */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * An isolated, migrated database: a fresh in-memory PGlite, or a new database on the
 * DATABASE_URL server that close() drops again.
 */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { max?: number } = {},
): Promise<Database> {
  if (kind === 'pglite') return createDatabase({ dataDir: ':memory:' });
  const { url, drop } = await createScratchPostgres();
  const database = await createDatabase({ url, max: options.max ?? 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/** Creates an empty database on the DATABASE_URL server; `drop` removes it, even with open connections. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set; a Postgres test database needs a server.');
  const name = `stagecraft_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = postgres(base, { max: 1, onnotice: () => undefined });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
