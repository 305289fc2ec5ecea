import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The test plugin packages, outside the core packages, as an operator would install them. */
export const FIXTURES = fileURLToPath(new URL('../../../../tests/fixtures/plugins/', import.meta.url));

/**
 * A folder as an operator sets one up: `stagecraft.config.json` listing `plugins`, and a
 * node_modules holding the given packages (linked, as npm link and pnpm do).
 */
export function installFolder(
  plugins: unknown[],
  packages: Record<string, string>,
): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-plugins-'));
  writeFileSync(join(dir, 'stagecraft.config.json'), JSON.stringify({ plugins }));
  for (const [name, folder] of Object.entries(packages)) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(folder, target, 'dir');
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
