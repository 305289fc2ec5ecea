import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** The folders pnpm-workspace.yaml names (`dir/*` globs and plain folders). */
function workspacePackages(): string[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const entries = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\s]+)['"]?\s*$/gm)].map((match) => match[1] as string);
  return entries.flatMap((entry) => {
    if (!entry.endsWith('/*')) return [entry];
    const parent = entry.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((dirent) => dirent.isDirectory() && existsSync(join(root, parent, dirent.name, 'package.json')))
      .map((dirent) => `${parent}/${dirent.name}`);
  });
}

/** Every file path an `exports` map can resolve to, through nested condition objects. */
function targets(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(targets);
}

describe('workspace packages', () => {
  const packages = workspacePackages();

  it('finds the packages the workspace names', () => {
    expect(packages).toEqual(expect.arrayContaining(['packages/graph', 'packages/journeys', 'apps/server']));
  });

  for (const dir of packages) {
    it(`${dir}: every exports target is a file that exists`, () => {
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      const missing = targets(manifest.exports).filter(
        (target) => target.includes('*') || !existsSync(join(root, dir, target)),
      );
      expect(missing).toEqual([]);
    });
  }
});
