import type { Database } from '@stagecraft/db';
import type { NodeRegistry } from '@stagecraft/sdk';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type ChannelStore, createChannelStore } from '../../channels/store';
import type { Config } from '../../config';
import { createRepositories, type Repositories } from '../../repositories/index';
import type { Runtime } from '../../runtime/types';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    repositories: Repositories;
    /** Each workspace's channel providers, secrets sealed at rest. */
    channelStore: ChannelStore;
    registry: NodeRegistry;
    runtime: Runtime;
    /** The server clock; tests pass a fixed one. */
    now: () => number;
  }
}

/** What the app plugins share with every route. */
export interface ServicesOptions {
  config: Config;
  database: Database;
  registry: NodeRegistry;
  runtime: Runtime;
  now: () => number;
}

/** Decorates the instance with configuration, repositories, the node registry and the runtime. */
export default fp<ServicesOptions>(
  async function services(app: FastifyInstance, options) {
    app.decorate('config', options.config);
    app.decorate('database', options.database);
    const repositories = createRepositories(options.database, options.now);
    app.decorate('repositories', repositories);
    app.decorate(
      'channelStore',
      createChannelStore(options.database, () => repositories.secrets.secretsKey(options.config.secretsKey)),
    );
    app.decorate('registry', options.registry);
    app.decorate('runtime', options.runtime);
    app.decorate('now', options.now);
  },
  { name: 'services' },
);
