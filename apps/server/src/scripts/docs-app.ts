import { createDatabase } from '@stagecraft/db';
import { builtinRegistry } from '@stagecraft/nodes';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createRuntime } from '../runtime/index';

/**
 * Builds the app on a throwaway in-memory database, ready (routes registered), hands it to
 * `use`, then closes it. The runtime is never started: docs read only what the routes declare.
 */
export async function withDocsApp<T>(use: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const database = await createDatabase({ dataDir: ':memory:' });
  try {
    const signingSecret = 'docs-only-signing-secret';
    const runtime = createRuntime({
      database,
      registry: builtinRegistry,
      log: console,
      signingSecret,
      workers: false,
    });
    const app = await buildApp({ config, database, signingSecret, runtime, webRoot: null, logger: false });
    await app.ready();
    try {
      return await use(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}
