import { type PluginConfig, readPluginConfig } from './config-file';
import { loadPlugins } from './load-plugins';
import { createPluginHost, type PluginHost } from './plugin-host';

export { type PluginConfig, PluginConfigSchema, readPluginConfig } from './config-file';
export { loadPlugins, type PluginPackage } from './load-plugins';
export { PluginError } from './plugin-error';
export {
  createPluginHost,
  hostOfRegistry,
  NO_PLUGINS,
  type PluginHost,
  type PluginProvider,
} from './plugin-host';

/**
 * Reads the plugin configuration (`location` is STAGECRAFT_CONFIG; `base` the start folder),
 * loads and checks every listed package, and adds them to the built-ins. Throws a PluginError
 * naming the package and the fix.
 */
export async function loadPluginHost(location: string | undefined, base: string): Promise<PluginHost> {
  const config: PluginConfig = await readPluginConfig(location, base);
  return createPluginHost(await loadPlugins(config, base));
}
