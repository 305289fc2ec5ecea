import { builtinNodeTypes, builtinRegistry } from '@stagecraft/nodes';
import {
  type AnyNodeType,
  type ChannelProviderDefinition,
  createRegistry,
  type NodeRegistry,
} from '@stagecraft/sdk';
import type { PluginPackage } from './load-plugins';
import { PluginError } from './plugin-error';

/** A channel provider a plugin adds, with the package it came from. */
export interface PluginProvider {
  definition: ChannelProviderDefinition;
  plugin: PluginPackage;
}

/**
 * The built-in node types and the installed plugins, composed once at start: the registry the
 * compiler, catalog and runtime share, and which package each node type and provider belongs to.
 */
export interface PluginHost {
  readonly packages: readonly PluginPackage[];
  readonly registry: NodeRegistry;
  /** The plugin a node type id belongs to; null for built-in types. */
  pluginOf(type: string): PluginPackage | null;
  plugin(name: string): PluginPackage | null;
  provider(id: string): PluginProvider | null;
  providers(): PluginProvider[];
}

/**
 * Adds the plugins' node types and providers to the built-ins. Throws a PluginError naming the
 * package when two of them claim the same type id (or the same type and version twice).
 */
export function createPluginHost(
  packages: readonly PluginPackage[],
  builtins: readonly AnyNodeType[] = builtinNodeTypes,
): PluginHost {
  const owner = new Map<string, PluginPackage | 'built-in'>();
  for (const nodeType of builtins) owner.set(nodeType.type, 'built-in');
  const byName = new Map<string, PluginPackage>();
  const providers = new Map<string, PluginProvider>();
  for (const plugin of packages) {
    byName.set(plugin.name, plugin);
    const versions = new Set<string>();
    for (const nodeType of plugin.nodeTypes) {
      const claimed = owner.get(nodeType.type);
      if (claimed !== undefined && claimed !== plugin)
        throw new PluginError(
          `plugin ${plugin.name}`,
          `node type "${nodeType.type}" is also provided by ${claimed === 'built-in' ? 'Stagecraft itself' : `plugin ${claimed.name}`}`,
          'Type ids must be unique: rename the type in one package, or install only one of them.',
        );
      const key = `${nodeType.type}@${nodeType.version}`;
      if (versions.has(key))
        throw new PluginError(
          `plugin ${plugin.name}`,
          `node type "${nodeType.type}" version ${nodeType.version} is exported twice`,
          'Export each version of a type once.',
        );
      versions.add(key);
      owner.set(nodeType.type, plugin);
    }
    for (const definition of plugin.channelProviders) {
      const other = providers.get(definition.id);
      if (other)
        throw new PluginError(
          `plugin ${plugin.name}`,
          `channel provider "${definition.id}" is also provided by plugin ${other.plugin.name}`,
          'Provider ids must be unique: install only one of them.',
        );
      providers.set(definition.id, { definition, plugin });
    }
  }
  const added = packages.flatMap((p) => p.nodeTypes);
  // Without plugin node types the built-in registry itself is used: code that can only rebuild
  // the built-ins (simulation threads) recognises it.
  const registry =
    added.length === 0 && builtins === builtinNodeTypes
      ? builtinRegistry
      : createRegistry([...builtins, ...added]);
  return {
    packages,
    registry,
    pluginOf: (type) => {
      const found = owner.get(type);
      return found && found !== 'built-in' ? found : null;
    },
    plugin: (name) => byName.get(name) ?? null,
    provider: (id) => providers.get(id) ?? null,
    providers: () => [...providers.values()],
  };
}

/** The built-in node types alone: a server with no plugins installed. */
export const NO_PLUGINS: PluginHost = createPluginHost([]);

/** A registry given on its own (tests of the contract): it replaces the built-ins, with no plugins. */
export function hostOfRegistry(registry: NodeRegistry): PluginHost {
  return { ...NO_PLUGINS, registry };
}
