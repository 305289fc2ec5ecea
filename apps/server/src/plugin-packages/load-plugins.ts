import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type AnyNodeType,
  type ChannelProviderDefinition,
  type PluginManifest,
  SDK_MAJOR,
  sdkRangeAccepts,
} from '@stagecraft/sdk';
import { z } from 'zod';
import type { PluginConfig, PluginEntry } from './config-file';
import { PluginError } from './plugin-error';
import { checkChannelProvider, checkNodeType, checkSettingsSchema } from './validate-exports';

/** A plugin package as loaded at start: what it provides and where its files are. */
export interface PluginPackage {
  name: string;
  version: string;
  /** The package's folder (real path). */
  dir: string;
  nodeTypes: AnyNodeType[];
  /** The module the node types came from, for node types that run in a worker thread. */
  nodeTypesModule: string | null;
  channelProviders: ChannelProviderDefinition[];
  settingsSchema: z.ZodObject | null;
  /** The card view module's file, or null. */
  cardView: string | null;
  /** Time budget of one step of its node types, when the operator set one for it. */
  timeoutMs: number | null;
}

const ManifestSchema = z.object({
  sdk: z.string({ error: 'must be the SDK versions the plugin supports, e.g. "^1"' }),
  nodeTypes: z.string().optional(),
  channels: z.string().optional(),
  settings: z.string().optional(),
  cardView: z.string().optional(),
});

/**
 * Loads every package the configuration lists, resolved as npm resolves them from the config
 * file's folder (or `base` without one), and checks what each provides. Throws a PluginError
 * naming the package and the fix at the first problem.
 */
export async function loadPlugins(config: PluginConfig, base: string): Promise<PluginPackage[]> {
  const from = config.file ? dirname(config.file) : base;
  const loaded: PluginPackage[] = [];
  for (const entry of config.plugins) loaded.push(await loadPackage(entry, from));
  return loaded;
}

async function loadPackage(entry: PluginEntry, from: string): Promise<PluginPackage> {
  const name = entry.package;
  const dir = findPackage(name, from);
  const subject = `plugin ${name}`;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name?: unknown;
    version?: unknown;
    stagecraft?: unknown;
  };
  if (pkg.stagecraft === undefined)
    throw new PluginError(
      subject,
      'its package.json has no "stagecraft" field',
      'Add "stagecraft": { "sdk": "^1", "nodeTypes": "./dist/index.js" } to it, or remove the package from the configuration.',
    );
  const parsed = ManifestSchema.safeParse(pkg.stagecraft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PluginError(
      subject,
      `"stagecraft.${issue?.path.join('.') || 'sdk'}" in its package.json ${issue?.message ?? 'is not valid'}`,
      'See the package.json fields in docs/plugins.md.',
    );
  }
  const manifest: PluginManifest = parsed.data;
  const accepts = sdkRangeAccepts(manifest.sdk);
  if (accepts !== true)
    throw new PluginError(
      subject,
      accepts === null
        ? `its SDK range "${manifest.sdk}" cannot be read`
        : `it needs SDK "${manifest.sdk}", but this server provides SDK ${SDK_MAJOR}`,
      accepts === null
        ? `Write it as "^${SDK_MAJOR}".`
        : `Install a version of the plugin built for SDK ^${SDK_MAJOR}, or a Stagecraft release with SDK ${manifest.sdk}.`,
    );
  if (!manifest.nodeTypes && !manifest.channels)
    throw new PluginError(
      subject,
      'it declares neither "nodeTypes" nor "channels" in "stagecraft"',
      'Point at least one of them at the module that exports its node types or channel providers.',
    );

  const nodeTypesModule = manifest.nodeTypes ? fileIn(dir, manifest.nodeTypes, subject, 'nodeTypes') : null;
  const nodeTypes = nodeTypesModule
    ? arrayExport(await importModule(nodeTypesModule, subject), 'nodeTypes', subject).map((value, index) =>
        checkNodeType(value, name, `nodeTypes[${index}]`),
      )
    : [];
  const channelProviders = manifest.channels
    ? arrayExport(
        await importModule(fileIn(dir, manifest.channels, subject, 'channels'), subject),
        'channelProviders',
        subject,
      ).map((value, index) => checkChannelProvider(value, name, `channelProviders[${index}]`))
    : [];
  const settingsSchema = manifest.settings
    ? checkSettingsSchema(
        (await importModule(fileIn(dir, manifest.settings, subject, 'settings'), subject)).settingsSchema,
        name,
      )
    : null;
  const cardView = manifest.cardView ? fileIn(dir, manifest.cardView, subject, 'cardView') : null;
  return {
    name,
    version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
    dir,
    nodeTypes,
    nodeTypesModule,
    channelProviders,
    settingsSchema,
    cardView,
    timeoutMs: entry.timeoutMs ?? null,
  };
}

/** The package's folder, found the way Node finds `require(name)` from `from`. */
function findPackage(name: string, from: string): string {
  const lookups = createRequire(join(from, 'stagecraft.config.json')).resolve.paths(name) ?? [];
  for (const modules of lookups) {
    const candidate = join(modules, name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  throw new PluginError(
    `plugin ${name}`,
    `the package is not installed (looked in node_modules from ${from} upwards)`,
    `Install it next to the configuration (npm install ${name}), or remove it from the configuration.`,
  );
}

/** A file the manifest names, which must exist and stay inside the package's folder. */
function fileIn(dir: string, path: string, subject: string, field: string): string {
  const file = resolve(dir, path);
  const inside = relative(dir, file);
  if (inside.startsWith(`..${sep}`) || inside === '..' || resolve(file) === dir)
    throw new PluginError(
      subject,
      `"stagecraft.${field}" (${path}) points outside the package`,
      'Name a file inside the package, e.g. "./dist/index.js".',
    );
  if (!existsSync(file))
    throw new PluginError(
      subject,
      `"stagecraft.${field}" names ${path}, which does not exist`,
      'Build the package (its dist folder may be missing) or fix the path in its package.json.',
    );
  const real = realpathSync(file);
  if (relative(dir, real).startsWith('..'))
    throw new PluginError(
      subject,
      `"stagecraft.${field}" (${path}) links outside the package`,
      'Ship the file inside the package.',
    );
  return real;
}

async function importModule(file: string, subject: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginError(
      subject,
      `${file} failed to load (${(error as Error).message})`,
      'Fix the error in the plugin, or remove it from the configuration.',
    );
  }
}

function arrayExport(module: Record<string, unknown>, name: string, subject: string): unknown[] {
  const value = module[name];
  if (!Array.isArray(value))
    throw new PluginError(
      subject,
      `its module does not export "${name}" as an array`,
      `Add \`export const ${name} = [...]\` to it.`,
    );
  return value;
}
