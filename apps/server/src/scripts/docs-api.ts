import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ERROR_CATALOG } from '../errors';
import { withDocsApp } from './docs-app';
import { openApiToMarkdown } from './openapi-markdown';

/** Writes docs/api.md from the routes' schemas. */
async function main(): Promise<void> {
  const target = fileURLToPath(new URL('../../../../docs/api.md', import.meta.url));
  await withDocsApp((app) => writeFile(target, openApiToMarkdown(app.swagger() as never, ERROR_CATALOG)));
  process.stdout.write(`Wrote ${target}\n`);
}

await main();
