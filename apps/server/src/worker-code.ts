import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The code a worker thread starts with (`new Worker(code, { eval: true })`) to run a TypeScript
 * entry file. The server runs TypeScript source, and on Node 20 the ESM loader hooks (`tsx`,
 * vitest) do not reach worker threads, so the thread installs tsx's require hook and loads the
 * entry through it. Works the same under `tsx` and under vitest.
 */
export function tsxWorkerCode(entry: URL): string {
  const hook = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return `require(${JSON.stringify(hook)}).register();\nrequire(${JSON.stringify(fileURLToPath(entry))});`;
}
