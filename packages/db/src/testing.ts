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

/**
 * Inserts `count` customers as a store might have them (`user-1`…): an email, a first name, a
 * plan, a nested company with a city, an order count and a flag, seen a minute apart, the
 * highest number last. For search tests and benchmarks.
 */
export async function seedCustomers(database: Database, workspaceId: string, count: number): Promise<void> {
  await database.sql.executeSql(
    `insert into customers (workspace_id, customer_id, traits, last_seen_at)
     select $1, 'user-' || g,
       jsonb_build_object(
         'email', 'person' || g || '@example.com',
         'first_name', (array['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara'])[g % 5 + 1],
         'plan', (array['free', 'pro', 'team'])[g % 3 + 1],
         'company', jsonb_build_object('name', 'Company ' || g % 400, 'city', 'City ' || g % 97),
         'orders', g % 17,
         'vip', g % 50 = 0),
       timestamptz '2030-01-01' + make_interval(mins => g)
     from generate_series(1, $2::int) g`,
    [workspaceId, count],
  );
}
