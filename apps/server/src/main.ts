import cluster from 'node:cluster';
import type { Database } from '@stagecraft/db';
import { ConfigError, loadConfig } from './config';
import { loadPluginHost, PluginError } from './plugin-packages/index';
import { checkLiveVersions } from './plugin-packages/live-versions';
import { type ListeningMessage, supervise } from './processes';
import type { BootstrapResult } from './seed/bootstrap';
import { prepareDatabase, startServer } from './start';

/** How long shutdown may take before the process gives up waiting. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

interface BannerFacts {
  boot: BootstrapResult;
  url: string;
  database: Pick<Database, 'kind'>;
  dataDir: string | null;
  processes: number;
}

function banner({ boot, url, database, dataDir, processes }: BannerFacts): string {
  const lines = [
    '',
    `Stagecraft is running at ${url}`,
    `  database: ${database.kind === 'pglite' ? `embedded PGlite in ${dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (processes > 1) lines.push(`  processes: ${processes}, sharing the port and the work`);
  lines.push(`  API docs: ${url}/docs`);
  if (boot.generatedAdminToken) {
    lines.push(
      '',
      '  Admin token (shown once; the editor asks for it once to create the owner account, then it is for /api automation):',
      `    ${boot.generatedAdminToken}`,
    );
  }
  if (boot.generatedWriteKey) {
    lines.push(
      '',
      '  Demo write key for /v1 ingestion (HTTP Basic user; shown once):',
      `    ${boot.generatedWriteKey}`,
      `    curl -u '${boot.generatedWriteKey}:' -H 'content-type: application/json' \\`,
      `      -d '{"userId":"u1","event":"Signed Up"}' ${url}/v1/track`,
    );
  }
  if (boot.seededJourneys > 0)
    lines.push('', `  ${boot.seededJourneys} lifecycle journeys were added as drafts.`);
  return `${lines.join('\n')}\n`;
}

/**
 * Stops with a sentence for what the operator can fix (the configuration, a port that cannot be
 * had), or rethrows anything else.
 */
function exitOnStartError(error: unknown): never {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const port = (error as { port?: number } | null)?.port;
  let message: string | null = null;
  if (error instanceof ConfigError || error instanceof PluginError) message = error.message;
  else if (code === 'EADDRINUSE')
    message = `Stagecraft cannot start: PORT=${port} is already in use by another program; stop it or set PORT to a free port.`;
  else if (code === 'EACCES')
    message = `Stagecraft cannot start: PORT=${port} needs more privileges than this user has; set PORT to 1024 or above.`;
  if (message === null) throw error;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Several processes: this one applies migrations and the first-start seeding once, prints the
 * banner (with any generated secret), and supervises the processes that serve.
 */
async function supervisePrimary(processes: number): Promise<void> {
  // Checked once here too, so a broken plugin stops the start instead of every process in turn.
  const plugins = await loadPluginHost(
    loadConfig().pluginConfig,
    process.env.INIT_CWD ?? process.cwd(),
  ).catch(exitOnStartError);
  const prepared = await prepareDatabase().catch(exitOnStartError);
  await checkLiveVersions(prepared.database, plugins).catch(async (error: unknown) => {
    await prepared.database.close();
    exitOnStartError(error);
  });
  await prepared.database.close();
  supervise({
    processes,
    shutdownMs: SHUTDOWN_TIMEOUT_MS + 5_000,
    say: (line) => process.stderr.write(`${line}\n`),
    onListening: (url) => process.stdout.write(banner({ ...prepared, url, processes })),
  });
}

/** One serving process: on its own it prints the banner; under a supervisor it reports in. */
async function serve(): Promise<void> {
  const server = await startServer().catch(exitOnStartError);
  if (cluster.isWorker) {
    process.send?.({ type: 'stagecraft:listening', url: server.url } satisfies ListeningMessage);
  } else {
    process.stdout.write(banner({ ...server, processes: 1 }));
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      process.stderr.write('Shutdown took too long; exiting.\n');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Under a supervisor, Ctrl-C reaches every process; the supervisor turns it into one SIGTERM each.
  process.on('SIGINT', () => {
    if (!cluster.isWorker) stop('SIGINT');
  });
}

if (cluster.isPrimary) {
  let processes = 1;
  try {
    processes = loadConfig().processes;
  } catch (error) {
    exitOnStartError(error);
  }
  await (processes > 1 ? supervisePrimary(processes) : serve());
} else {
  await serve();
}
