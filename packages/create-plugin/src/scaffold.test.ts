import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePluginName } from './plugin-name';
import { scaffoldPlugin } from './scaffold';

const root = join(import.meta.dirname, '..', '..', '..');
/** Inside this package, so the new plugin resolves the SDK, the kit and vitest as a workspace plugin does. */
const parent = mkdtempSync(join(import.meta.dirname, '..', '.scaffold-test-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

describe('scaffoldPlugin', () => {
  it('writes a plugin whose own tests pass as generated', { timeout: 120_000 }, async () => {
    const folder = scaffoldPlugin({ name: '@acme/crm-sync', root, parent });
    expect(folder).toBe(join(parent, 'crm-sync'));
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@acme/crm-sync',
      type: 'module',
      stagecraft: { sdk: '^1', nodeTypes: './dist/index.js' },
      scripts: { test: 'vitest run' },
    });
    expect(readFileSync(join(folder, 'src', 'check-activity.ts'), 'utf8')).toContain(
      "type: 'acme/check-activity'",
    );
    expect(JSON.parse(readFileSync(join(folder, 'tsconfig.json'), 'utf8')).extends).toBe(
      '../../../../tsconfig.base.json',
    );
    const run = await promisify(execFile)(process.execPath, [vitest, 'run'], { cwd: folder });
    expect(run.stdout).toMatch(/Tests\s+.*3 passed/);
  });

  it('refuses a folder that exists and names that npm or type ids cannot carry', () => {
    scaffoldPlugin({ name: 'twice', root, parent });
    expect(() => scaffoldPlugin({ name: 'twice', root, parent })).toThrow(/already exists/);
    expect(() => scaffoldPlugin({ name: 'Bad Name', root, parent })).toThrow(
      /lower-case words joined by dashes/,
    );
    expect(() => scaffoldPlugin({ name: '../escape', root, parent })).toThrow(/is not a plugin name/);
  });
});

describe('parsePluginName', () => {
  it('puts type ids in the scope, or the whole name when unscoped', () => {
    expect(parsePluginName('@acme/stagecraft-crm')).toEqual({
      packageName: '@acme/stagecraft-crm',
      folder: 'stagecraft-crm',
      namespace: 'acme',
      title: 'Crm',
    });
    expect(parsePluginName('lead-scoring')).toMatchObject({
      namespace: 'lead-scoring',
      folder: 'lead-scoring',
    });
  });
});
