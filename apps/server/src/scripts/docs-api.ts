import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@stagecraft/db';
import { builtinRegistry } from '@stagecraft/nodes';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { ERROR_CATALOG } from '../errors';
import { createRuntime } from '../runtime/index';
import { openApiToMarkdown } from './openapi-markdown';

/** Writes docs/api.md from the routes' schemas, on a throwaway in-memory database. */
async function main(): Promise<void> {
  const target = fileURLToPath(new URL('../../../../docs/api.md', import.meta.url));
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const database = await createDatabase({ dataDir: ':memory:' });
  try {
    const signingSecret = 'docs-only-signing-secret';
    // The runtime is never started: only the route schemas are read.
    const runtime = createRuntime({
      database,
      registry: builtinRegistry,
      log: console,
      signingSecret,
      workers: false,
    });
    const app = await buildApp({ config, database, signingSecret, runtime, webRoot: null, logger: false });
    await app.ready();
    await writeFile(target, openApiToMarkdown(app.swagger() as never, ERROR_CATALOG));
    await app.close();
    process.stdout.write(`Wrote ${target}\n`);
  } finally {
    await database.close();
  }
}

await main();
