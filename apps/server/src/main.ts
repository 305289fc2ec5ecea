import { ConfigError } from './config';
import { type RunningServer, startServer } from './start';

/** How long shutdown may take before the process gives up waiting. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

function banner(server: RunningServer): string {
  const { boot, url, database } = server;
  const lines = [
    '',
    `Stagecraft is running at ${url}`,
    `  database: ${database.kind === 'pglite' ? `embedded PGlite in ${server.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  API docs: ${url}/docs`,
  ];
  if (boot.generatedAdminToken) {
    lines.push(
      '',
      '  Admin token (shown once; sign in to the editor and call /api with it):',
      `    ${boot.generatedAdminToken}`,
    );
  }
  if (boot.writeKey) {
    lines.push(
      '',
      '  Write key for /v1 ingestion (HTTP Basic user):',
      `    ${boot.writeKey}`,
      `    curl -u '${boot.writeKey}:' -H 'content-type: application/json' \\`,
      `      -d '{"userId":"u1","event":"Signed Up"}' ${url}/v1/track`,
    );
  }
  if (boot.seededJourneys > 0)
    lines.push('', `  ${boot.seededJourneys} lifecycle journeys were added as drafts.`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  process.stdout.write(banner(server));

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
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
