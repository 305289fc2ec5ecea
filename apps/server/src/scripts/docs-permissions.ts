import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '@stagecraft/db';
import { builtinRegistry } from '@stagecraft/nodes';
import { buildApp } from '../app';
import { permissionTables, tableSection } from '../auth/permission-table';
import { loadConfig } from '../config';
import { createRuntime } from '../runtime/index';

/** Rewrites the permission tables of docs/security.md from the registered routes. */
async function main(): Promise<void> {
  const target = fileURLToPath(new URL('../../../../docs/security.md', import.meta.url));
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
    const doc = await readFile(target, 'utf8');
    const section = tableSection(doc);
    if (!section)
      throw new Error('docs/security.md has no permissions markers; add them where the tables go.');
    await writeFile(target, doc.replace(section, permissionTables(app.routeAccess)));
    await app.close();
    process.stdout.write(`Wrote the permission tables of ${target}\n`);
  } finally {
    await database.close();
  }
}

await main();
