import { defineConfig } from 'drizzle-kit';

/** drizzle-kit reads the schema and appends generated SQL migrations to ./drizzle. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
});
