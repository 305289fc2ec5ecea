/** The major version of this SDK; a plugin's `stagecraft.sdk` range must allow it. */
export const SDK_MAJOR = 1;

/** What a plugin package declares in the `stagecraft` field of its package.json. */
export interface PluginManifest {
  /** The SDK versions the plugin was written for, e.g. `^1`. */
  sdk: string;
  /** Module exporting `nodeTypes: AnyNodeType[]`. */
  nodeTypes?: string;
  /** Module exporting `channelProviders: ChannelProviderDefinition[]`. */
  channels?: string;
  /** Module exporting `settingsSchema`, a zod object (secret fields marked `.meta({ secret: true })`). */
  settings?: string;
  /** An ES module whose default export is the card's React component. */
  cardView?: string;
}

/**
 * The namespace a package's type ids live in: its scope without the `@` (`@acme/x` -> `acme`),
 * or its whole name when unscoped (`lead-scoring` -> `lead-scoring`).
 */
export function pluginNamespace(packageName: string): string {
  if (packageName.startsWith('@')) return packageName.slice(1).split('/')[0] ?? '';
  return packageName;
}

/** Ids inside a namespace: lower-case words joined by dashes (`score-lead`). */
const LOCAL_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** True when `id` is `<namespace>/<kebab-case id>` for the package. */
export function isInNamespace(id: string, packageName: string): boolean {
  const prefix = `${pluginNamespace(packageName)}/`;
  return id.startsWith(prefix) && LOCAL_ID.test(id.slice(prefix.length));
}

/**
 * Whether a plugin's SDK range (`^1`, `~1.2`, `1.x`, `1`, `>=1.0.0`) accepts SDK major `major`;
 * null when the range is not one of those simple forms.
 */
export function sdkRangeAccepts(range: string, major: number = SDK_MAJOR): boolean | null {
  const match = /^\s*(\^|~|>=|=)?\s*v?(\d+)(?:\.(?:\d+|x|\*)){0,2}\s*$/.exec(range);
  if (!match) return null;
  const wanted = Number(match[2]);
  return match[1] === '>=' ? wanted <= major : wanted === major;
}
