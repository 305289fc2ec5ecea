import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PluginError } from './plugin-error';

export const CONFIG_FILE_NAMES = ['stagecraft.config.json', 'stagecraft.config.ts'] as const;

const packageName = z
  .string({ error: 'must be a package name' })
  .regex(/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/, 'must be an npm package name');

/** One plugin entry: its package name, or the name with settings of its own. */
const PluginEntrySchema = z.union([
  packageName,
  z.strictObject({
    package: packageName,
    /** Time budget of one step of this plugin's node types, in milliseconds. */
    timeoutMs: z
      .number()
      .int()
      .min(10)
      .max(15 * 60_000)
      .optional(),
  }),
]);

/** What `stagecraft.config.json` (or the default export of `stagecraft.config.ts`) holds. */
export const PluginConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  plugins: z.array(PluginEntrySchema).default([]),
});

/** A plugin the operator installed. */
export interface PluginEntry {
  package: string;
  timeoutMs?: number;
}

/** The plugin configuration, and the file it came from (null: there is none). */
export interface PluginConfig {
  file: string | null;
  plugins: PluginEntry[];
}

/**
 * Finds and reads the plugin configuration: `location` (STAGECRAFT_CONFIG) is the file or a
 * folder holding one; without it, the folder `base`. No file means no plugins.
 */
export async function readPluginConfig(location: string | undefined, base: string): Promise<PluginConfig> {
  const file = findConfigFile(location, base);
  if (!file) return { file: null, plugins: [] };
  const raw = file.endsWith('.ts') ? await importConfig(file) : parseJson(file);
  const parsed = PluginConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the file';
    throw new PluginError(
      file,
      `${where} ${issue?.message ?? 'is not valid'}`,
      'Write it as { "plugins": ["<package>", { "package": "<package>", "timeoutMs": 5000 }] }.',
    );
  }
  const plugins = parsed.data.plugins.map((entry) =>
    typeof entry === 'string' ? { package: entry } : entry,
  );
  const seen = new Set<string>();
  for (const entry of plugins) {
    if (seen.has(entry.package))
      throw new PluginError(file, `"${entry.package}" is listed twice`, 'List each plugin package once.');
    seen.add(entry.package);
  }
  return { file, plugins };
}

function findConfigFile(location: string | undefined, base: string): string | null {
  if (location) {
    const path = isAbsolute(location) ? location : resolve(base, location);
    if (!existsSync(path))
      throw new PluginError(
        `STAGECRAFT_CONFIG=${location}`,
        'no such file or folder',
        'Point it at a stagecraft.config.json (or .ts) file, or at the folder holding one.',
      );
    if (!statSync(path).isDirectory()) return path;
    return inFolder(path) ?? null;
  }
  return inFolder(base) ?? null;
}

function inFolder(folder: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => join(folder, name)).find((path) => existsSync(path));
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PluginError(file, `is not valid JSON (${(error as Error).message})`, 'Fix the JSON syntax.');
  }
}

async function importConfig(file: string): Promise<unknown> {
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    throw new PluginError(
      file,
      `could not be loaded (${(error as Error).message})`,
      'It must default-export the configuration object; TypeScript needs the server started through tsx (pnpm start).',
    );
  }
}
