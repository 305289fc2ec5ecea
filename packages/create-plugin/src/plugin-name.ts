/** A plugin's npm name as the scaffold accepts it: lower-case words with dashes, optionally scoped. */
const NAME = /^(?:@([a-z0-9][a-z0-9-]*)\/)?([a-z0-9][a-z0-9-]*)$/;

/** What the scaffold derives from a package name. */
export interface PluginName {
  /** The npm name, e.g. `@acme/stagecraft-crm` or `crm-sync`. */
  packageName: string;
  /** The folder under plugins/: the name without its scope. */
  folder: string;
  /** The namespace its type ids live in: the scope, or the whole name when unscoped. */
  namespace: string;
  /** Words for titles: `crm-sync` -> `Crm sync`. */
  title: string;
}

/** Parses a plugin name, or says how to write one. */
export function parsePluginName(input: string): PluginName | { error: string } {
  const match = NAME.exec(input.trim());
  if (!match || input.length > 100)
    return {
      error: `"${input}" is not a plugin name; use lower-case words joined by dashes, optionally scoped: crm-sync or @acme/crm-sync.`,
    };
  const [, scope, local] = match as unknown as [string, string | undefined, string];
  const words = local.replace(/^stagecraft-/, '').split('-');
  const title = words.join(' ');
  return {
    packageName: input.trim(),
    folder: local,
    namespace: scope ?? local,
    title: title.charAt(0).toUpperCase() + title.slice(1),
  };
}
