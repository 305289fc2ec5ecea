import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrationsFolder } from '@stagecraft/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ErrorBodySchema } from '../errors';

/** How many migrations this build ships; the database must have applied them all to be ready. */
async function shippedMigrations(): Promise<number> {
  const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** Liveness and readiness, without authentication, for load balancers and orchestrators. */
export default async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const expected = await shippedMigrations();

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['Health'],
        summary: 'Liveness: answers while the process runs',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        tags: ['Health'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: {
          200: z.object({
            status: z.literal('ready'),
            database: z.enum(['pglite', 'postgres']),
            migrations: z.number(),
            deadJobs: z
              .number()
              .describe('Jobs kept as dead letters after their last failed attempt (see operations.md)'),
          }),
          503: ErrorBodySchema,
        },
      },
    },
    async () => {
      let applied: number;
      let deadJobs = 0;
      try {
        const { rows } = await app.database.sql.executeSql(
          'select count(*)::int as applied from drizzle.__drizzle_migrations',
        );
        applied = Number(rows[0]?.applied ?? 0);
        if (applied >= expected) {
          const dead = await app.database.sql.executeSql(
            'select count(*)::int as n from jobs where dead_at is not null',
          );
          deadJobs = Number(dead.rows[0]?.n ?? 0);
        }
      } catch (error) {
        app.log.warn({ err: error }, 'readiness check failed');
        throw new AppError('not-ready');
      }
      if (applied < expected) {
        throw new AppError('not-ready', {
          message: `The database has ${applied} of ${expected} migrations applied; restart the server to apply the rest.`,
        });
      }
      return { status: 'ready' as const, database: app.database.kind, migrations: applied, deadJobs };
    },
  );
}
