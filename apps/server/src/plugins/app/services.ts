import type { Database } from '@stagecraft/db';
import type { NodeRegistry } from '@stagecraft/sdk';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createLinkSigner, type LinkSigner } from '../../channels/links';
import { providerKinds } from '../../channels/provider-kinds';
import { type ChannelStore, createChannelStore } from '../../channels/store';
import type { Config } from '../../config';
import type { PluginHost } from '../../plugin-packages/index';
import { createPluginSettingsStore, type PluginSettingsStore } from '../../plugin-packages/plugin-settings';
import { createRepositories, type Repositories } from '../../repositories/index';
import type { Runtime } from '../../runtime/types';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    repositories: Repositories;
    /** Each workspace's channel providers, secrets sealed at rest. */
    channelStore: ChannelStore;
    /** Each workspace's settings of the installed plugin packages, secrets sealed at rest. */
    pluginSettings: PluginSettingsStore;
    registry: NodeRegistry;
    /** The installed plugins (their node types are in `registry`). */
    plugins: PluginHost;
    runtime: Runtime;
    /** The server clock; tests pass a fixed one. */
    now: () => number;
    /** Signs and reads the tokens of links in messages (unsubscribe, tracking, status reports). */
    links: () => Promise<LinkSigner>;
  }
}

/** What the app plugins share with every route. */
export interface ServicesOptions {
  config: Config;
  database: Database;
  plugins: PluginHost;
  runtime: Runtime;
  now: () => number;
}

/** Decorates the instance with configuration, repositories, the node registry, the plugins and the runtime. */
export default fp<ServicesOptions>(
  async function services(app: FastifyInstance, options) {
    app.decorate('config', options.config);
    app.decorate('database', options.database);
    const repositories = createRepositories(options.database, options.now);
    app.decorate('repositories', repositories);
    app.decorate(
      'channelStore',
      createChannelStore(
        options.database,
        () => repositories.secrets.secretsKey(options.config.secretsKey),
        providerKinds(options.plugins.providers()),
      ),
    );
    app.decorate(
      'pluginSettings',
      createPluginSettingsStore(options.database, () =>
        repositories.secrets.secretsKey(options.config.secretsKey),
      ),
    );
    app.decorate('registry', options.plugins.registry);
    app.decorate('plugins', options.plugins);
    app.decorate('runtime', options.runtime);
    app.decorate('now', options.now);
    let signer: Promise<LinkSigner> | null = null;
    app.decorate('links', () => {
      signer ??= app.repositories.secrets.secretsKey(options.config.secretsKey).then(createLinkSigner);
      // A failed read of the key is tried again by the next caller.
      signer.catch(() => {
        signer = null;
      });
      return signer;
    });
  },
  { name: 'services' },
);
