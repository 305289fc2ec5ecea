import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parsePluginName } from './plugin-name';
import { pluginFiles } from './templates';

export interface ScaffoldOptions {
  /** The npm name of the plugin, e.g. `crm-sync` or `@acme/crm-sync`. */
  name: string;
  /** The workspace root (the folder of pnpm-workspace.yaml and tsconfig.base.json). */
  root: string;
  /** Where the plugins live; `<root>/plugins` unless told otherwise. */
  parent?: string;
}

/** Writes a new plugin package and returns its folder; throws with the fix for a bad name or a folder in use. */
export function scaffoldPlugin(options: ScaffoldOptions): string {
  const name = parsePluginName(options.name);
  if ('error' in name) throw new Error(name.error);
  const folder = join(options.parent ?? join(options.root, 'plugins'), name.folder);
  if (existsSync(folder)) throw new Error(`${folder} already exists; pick another name or remove it first.`);
  const baseConfig = relative(folder, join(options.root, 'tsconfig.base.json')).split('\\').join('/');
  for (const [path, text] of Object.entries(pluginFiles(name, baseConfig))) {
    const target = join(folder, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return folder;
}
