import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so the harness works from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** What the editor's build is made of: its own sources and the workspace packages it bundles. */
const SOURCES = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/graph/src',
  'packages/sdk/src',
  'packages/nodes/src',
  'packages/compiler/src',
  'packages/engine/src',
];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** True when apps/web/dist is missing or older than any source it is built from. */
export function webBuildIsStale(): boolean {
  const built = join(REPO_ROOT, 'apps/web/dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestChange(join(REPO_ROOT, source)) > builtAt);
}

/** Builds the editor once when needed, so the server serves what the sources say. */
export async function ensureWebBuild(): Promise<void> {
  if (!webBuildIsStale()) return;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('pnpm', ['--filter', '@stagecraft/web', 'build'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `Building the editor failed (pnpm --filter @stagecraft/web build exited with ${code}); fix the build first:\n${output.join('').slice(-4000)}`,
    );
  }
}
