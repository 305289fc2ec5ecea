import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { scaffoldPlugin } from './scaffold';

/** `pnpm create-plugin <name>`: scaffolds plugins/<name> in the workspace the command runs in. */
function workspaceRoot(from: string): string | null {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  return dir;
}

const [name] = process.argv.slice(2);
const root = workspaceRoot(process.env.INIT_CWD ?? process.cwd());
if (!name || !root) {
  console.error(
    name
      ? 'Run this inside the Stagecraft workspace.'
      : 'Usage: pnpm create-plugin <name>   e.g. crm-sync or @acme/crm-sync',
  );
  process.exit(1);
}
try {
  const folder = relative(root, scaffoldPlugin({ name, root }));
  console.log(`Created ${folder}. Next:\n  pnpm install\n  pnpm --filter ${name} test`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
