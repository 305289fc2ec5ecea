import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../start';
import { loadPluginHost, PluginError } from './index';

/** A node type module exporting one type with the given fields changed. */
const nodeTypesModule = (overrides: string) => `import { z } from 'zod';
export const nodeTypes = [{
  type: 'acme/score', version: 1, title: 'Score', description: 'Scores.', category: 'action', icon: 'gauge',
  configSchema: z.object({ weight: z.number().default(1) }), defaults: { weight: 1 },
  ports: [{ id: 'success', label: 'Done' }],
  compile: () => ({ actions: [{ type: 'plugin', params: {} }], exits: [{ on: 'result', ok: true, port: 'success' }] }),
  execute: async () => ({ ok: true }),
  ${overrides}
}];
`;

let folders: string[] = [];
afterEach(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders = [];
});

/** An operator's folder: the config file, and packages installed in node_modules (zod linked in). */
function install(
  config: unknown,
  packages: Record<string, { manifest?: unknown; files?: Record<string, string> }>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-load-'));
  folders.push(dir);
  if (config !== undefined)
    writeFileSync(
      join(dir, 'stagecraft.config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );
  const zod = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(zod, join(dir, 'node_modules', 'zod'), 'dir');
  for (const [name, { manifest, files = {} }] of Object.entries(packages)) {
    const root = join(dir, 'node_modules', name);
    mkdirSync(root, { recursive: true });
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({
        name,
        version: '1.2.3',
        type: 'module',
        ...(manifest === undefined ? {} : { stagecraft: manifest }),
      }),
    );
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
  }
  return dir;
}

const plugin = (overrides = '', manifest: Record<string, unknown> = {}) => ({
  manifest: { sdk: '^1', nodeTypes: './dist/index.js', ...manifest },
  files: { 'dist/index.js': nodeTypesModule(overrides) },
});

async function refusal(dir: string): Promise<string> {
  const error = await loadPluginHost(dir, dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PluginError);
  return (error as PluginError).message;
}

describe('loading plugin packages at start', () => {
  it('adds a valid package to the built-ins, from a JSON or a TypeScript configuration', async () => {
    const dir = install(
      { plugins: [{ package: '@acme/scoring', timeoutMs: 500 }] },
      { '@acme/scoring': plugin() },
    );
    const host = await loadPluginHost(dir, '/');
    expect(host.registry.get('acme/score', 1)?.title).toBe('Score');
    expect(host.registry.latest('wait')).toBeDefined();
    expect(host.pluginOf('acme/score')).toMatchObject({
      name: '@acme/scoring',
      version: '1.2.3',
      timeoutMs: 500,
    });
    expect(host.pluginOf('wait')).toBeNull();

    rmSync(join(dir, 'stagecraft.config.json'));
    writeFileSync(
      join(dir, 'stagecraft.config.ts'),
      "export default { plugins: ['@acme/scoring'] as string[] };\n",
    );
    expect((await loadPluginHost(undefined, dir)).plugin('@acme/scoring')).not.toBeNull();
    expect((await loadPluginHost(join(dir, 'stagecraft.config.ts'), '/')).packages).toHaveLength(1);
  });

  it('has no plugins when there is no configuration file', async () => {
    const dir = install(undefined, {});
    expect((await loadPluginHost(undefined, dir)).packages).toEqual([]);
  });

  it('names the package and the fix when it is not installed', async () => {
    const message = await refusal(install({ plugins: ['@acme/missing'] }, {}));
    expect(message).toContain('plugin @acme/missing: the package is not installed');
    expect(message).toContain('npm install @acme/missing');
  });

  it('refuses a type id outside the package namespace, naming the id to use', async () => {
    const message = await refusal(
      install({ plugins: ['@acme/scoring'] }, { '@acme/scoring': plugin("type: 'score',") }),
    );
    expect(message).toContain(
      'plugin @acme/scoring: nodeTypes[0] ("score") is outside the package\'s namespace "acme/"',
    );
    expect(message).toContain('Rename it "acme/score"');
    const unscoped = await refusal(install({ plugins: ['scoring'] }, { scoring: plugin() }));
    expect(unscoped).toContain('outside the package\'s namespace "scoring/"');
  });

  it('refuses a type id two packages provide', async () => {
    const message = await refusal(
      install({ plugins: ['@acme/a', '@acme/b'] }, { '@acme/a': plugin(), '@acme/b': plugin() }),
    );
    expect(message).toContain('plugin @acme/b: node type "acme/score" is also provided by plugin @acme/a');
    expect(message).toContain('rename the type in one package, or install only one of them');
  });

  it('refuses a missing or invalid schema', async () => {
    const missing = await refusal(
      install({ plugins: ['@acme/s'] }, { '@acme/s': plugin('configSchema: undefined,') }),
    );
    expect(missing).toContain(
      'plugin @acme/s: nodeTypes[0] ("acme/score") has no "configSchema" (a zod schema)',
    );
    const refused = await refusal(
      install({ plugins: ['@acme/s'] }, { '@acme/s': plugin("defaults: { weight: 'heavy' },") }),
    );
    expect(refused).toContain('has "defaults" its configSchema refuses (weight:');
    const settings = await refusal(
      install(
        { plugins: ['@acme/s'] },
        {
          '@acme/s': {
            manifest: { sdk: '^1', nodeTypes: './dist/index.js', settings: './dist/settings.js' },
            files: {
              'dist/index.js': nodeTypesModule(''),
              'dist/settings.js': 'export const settingsSchema = { apiKey: "x" };',
            },
          },
        },
      ),
    );
    expect(settings).toContain('settingsSchema is missing or not a zod object');
    const noExecute = await refusal(
      install({ plugins: ['@acme/s'] }, { '@acme/s': plugin('execute: undefined,') }),
    );
    expect(noExecute).toContain('compiles to a "plugin" action but has no "execute"');
  });

  it('refuses an SDK major the server does not provide', async () => {
    const message = await refusal(
      install({ plugins: ['@acme/s'] }, { '@acme/s': plugin('', { sdk: '^2' }) }),
    );
    expect(message).toContain('plugin @acme/s: it needs SDK "^2", but this server provides SDK 1');
    expect(message).toContain('Install a version of the plugin built for SDK ^1');
    const unreadable = await refusal(
      install({ plugins: ['@acme/s'] }, { '@acme/s': plugin('', { sdk: '1 || 2' }) }),
    );
    expect(unreadable).toContain('Write it as "^1"');
  });

  it('refuses packages without a manifest, files outside the package or not built', async () => {
    const bare = await refusal(install({ plugins: ['left-pad'] }, { 'left-pad': {} }));
    expect(bare).toContain('plugin left-pad: its package.json has no "stagecraft" field');
    const outside = await refusal(
      install({ plugins: ['@acme/s'] }, { '@acme/s': plugin('', { nodeTypes: '../../zod/index.js' }) }),
    );
    expect(outside).toContain('points outside the package');
    const unbuilt = await refusal(
      install({ plugins: ['@acme/s'] }, { '@acme/s': plugin('', { nodeTypes: './lib/x.js' }) }),
    );
    expect(unbuilt).toContain('names ./lib/x.js, which does not exist');
  });

  it('refuses a configuration file it cannot read', async () => {
    expect(await refusal(install('{ "plugins": [', {}))).toContain('is not valid JSON');
    expect(await refusal(install({ plugins: 'acme' }, {}))).toContain('plugins');
    expect(await refusal(install({ plugins: ['a', 'a'] }, {}))).toContain('"a" is listed twice');
    const error = await loadPluginHost('/nowhere/stagecraft.config.json', '/').catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      'STAGECRAFT_CONFIG=/nowhere/stagecraft.config.json: no such file or folder',
    );
  });

  it('stops the server before it opens the database', async () => {
    const dir = install({ plugins: ['@acme/missing'] }, {});
    const dataDir = join(dir, 'data');
    await expect(
      startServer({ STAGECRAFT_CONFIG: dir, STAGECRAFT_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }),
    ).rejects.toBeInstanceOf(PluginError);
    expect(existsSync(dataDir)).toBe(false);
  });
});
