import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { permissionTables, tableSection } from '../auth/permission-table';
import { withDocsApp } from './docs-app';

/** Rewrites the permission tables of docs/security.md from the registered routes. */
async function main(): Promise<void> {
  const target = fileURLToPath(new URL('../../../../docs/security.md', import.meta.url));
  const doc = await readFile(target, 'utf8');
  const section = tableSection(doc);
  if (!section) throw new Error('docs/security.md has no permissions markers; add them where the tables go.');
  await withDocsApp((app) => writeFile(target, doc.replace(section, permissionTables(app.routeAccess))));
  process.stdout.write(`Wrote the permission tables of ${target}\n`);
}

await main();
