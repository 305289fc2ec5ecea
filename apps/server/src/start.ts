import { isAbsolute, resolve } from 'node:path';
import { createDatabase, type Database } from '@stagecraft/db';
import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from './app';
import { type Config, loadConfig } from './config';
import { lifecycleTemplates, type Template } from './journeys/templates';
import { loadPluginHost } from './plugin-packages/index';
import { checkLiveVersions } from './plugin-packages/live-versions';
import { createRepositories } from './repositories/index';
import { type BootstrapResult, bootstrap } from './seed/bootstrap';

/** The folder the user started the server from (`pnpm start` itself runs in apps/server). */
function startFolder(env: Record<string, string | undefined>): string {
  return env.INIT_CWD ?? process.cwd();
}

/** A running server and how to stop it. */
export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  config: Config;
  boot: BootstrapResult;
  /** The PGlite folder in use (absolute), or null on PostgreSQL. */
  dataDir: string | null;
  /** Where the server listens, e.g. http://localhost:3000. */
  url: string;
  /** Stops taking requests, lets the runtime finish its work, closes the database. */
  close(): Promise<void>;
}

/** A database made ready to serve: migrations applied, the workspace and its credentials in place. */
export interface PreparedDatabase {
  config: Config;
  database: Database;
  boot: BootstrapResult;
  dataDir: string | null;
  templates: Template[];
}

/**
 * Opens the database (embedded PGlite unless DATABASE_URL), applies pending migrations and runs
 * the first-start seeding. Safe from several processes at once.
 */
export async function prepareDatabase(
  env: Record<string, string | undefined> = process.env,
): Promise<PreparedDatabase> {
  const config = loadConfig(env);
  // `pnpm start` runs in apps/server; a relative data folder means the folder the user started from.
  const base = startFolder(env);
  const dataDir = isAbsolute(config.dataDir) ? config.dataDir : resolve(base, config.dataDir);
  const database = await createDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir });
  try {
    const templates = lifecycleTemplates();
    const boot = await bootstrap(createRepositories(database), config, templates);
    return { config, database, boot, dataDir: config.databaseUrl ? null : dataDir, templates };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Starts Stagecraft from environment variables: configuration, database, first-start seeding,
 * the HTTP server and the runtime's workers.
 */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  options: Pick<BuildAppOptions, 'webRoot' | 'logger' | 'workers' | 'plugins'> = {},
): Promise<RunningServer> {
  // Plugins are checked before the database is touched: a broken one stops the start at once.
  const plugins = options.plugins ?? (await loadPluginHost(loadConfig(env).pluginConfig, startFolder(env)));
  const { config, database, boot, dataDir, templates } = await prepareDatabase(env);
  try {
    await checkLiveVersions(database, plugins);
    const app = await buildApp({
      config,
      database,
      signingSecret: boot.signingSecret,
      templates,
      ...options,
      plugins,
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return {
      app,
      database,
      config,
      boot,
      dataDir,
      url: `http://${host}:${port}`,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
