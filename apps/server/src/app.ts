import { fileURLToPath } from 'node:url';
import type { Database } from '@stagecraft/db';
import type { NodeRegistry } from '@stagecraft/sdk';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { collectRouteAccess } from './auth/route-access';
import type { Config } from './config';
import { lifecycleTemplates, type Template } from './journeys/templates';
import { loggerOptions } from './logging';
import { hostOfRegistry, NO_PLUGINS, type PluginHost } from './plugin-packages/index';
import accounts from './plugins/app/accounts';
import analytics from './plugins/app/analytics';
import audit from './plugins/app/audit';
import auth from './plugins/app/auth';
import errorHandler, { clientErrorHandler, frameworkErrors } from './plugins/app/error-handler';
import inputs from './plugins/app/inputs';
import rateLimits from './plugins/app/rate-limits';
import services from './plugins/app/services';
import unsubscribeMailbox from './plugins/app/unsubscribe-mailbox';
import securityHeaders from './plugins/external/security-headers';
import openApi from './plugins/external/swagger';
import apiRoutes from './routes/api/index';
import deliveryLinkRoutes from './routes/delivery-links';
import healthRoutes from './routes/health';
import ingestRoutes from './routes/ingest/index';
import pluginAssetRoutes from './routes/plugin-assets';
import webRoutes from './routes/web';
import { createRuntime } from './runtime/index';
import type { Runtime } from './runtime/types';

/** A registered route as the route table lists it. */
export interface RouteEntry {
  method: string;
  url: string;
  config: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, for checks that must cover each one (permissions, isolation). */
    routeTable: RouteEntry[];
    /** Journey templates offered by GET /api/templates and POST /api/journeys { templateId }. */
    templates: Template[];
  }
}

/** The editor's production build, served at /. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface BuildAppOptions {
  config: Config;
  database: Database;
  /** Secret for webhook signatures; needed when the app creates its own runtime. */
  signingSecret: string;
  /** A runtime to use; by default the app creates one and starts/stops it with itself. */
  runtime?: Runtime;
  /** Run the runtime's background workers in this process (default true). */
  workers?: boolean;
  /**
   * Installed plugins, added to the built-in node types (`loadPluginHost` reads them from the
   * configuration file); default none.
   */
  plugins?: PluginHost;
  /** A registry that replaces the built-ins, with no plugins (tests of the node contract); not with `plugins`. */
  registry?: NodeRegistry;
  templates?: Template[];
  /** The editor's build folder; null serves no editor. */
  webRoot?: string | null;
  /** false for no log; settings given here (a stream, a level) keep the redaction of `loggerOptions`. */
  logger?: FastifyServerOptions['logger'];
  now?: () => number;
}

/**
 * Builds the server in layers, as plugins: external (OpenAPI), then the app's own (services,
 * error handling, credentials), then routes. Nothing listens yet; tests use `inject()`.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const now = options.now ?? Date.now;
  if (options.plugins && options.registry)
    throw new Error(
      'buildApp: pass `plugins` (added to the built-ins) or `registry` (replacing them), not both',
    );
  const plugins = options.plugins ?? (options.registry ? hostOfRegistry(options.registry) : NO_PLUGINS);
  const { registry } = plugins;
  const logger =
    options.logger === false
      ? false
      : { ...loggerOptions(config.logLevel), ...(typeof options.logger === 'object' ? options.logger : {}) };
  const app = Fastify({
    logger,
    bodyLimit: config.limits.apiBodyBytes,
    // Whose X-Forwarded-For and X-Forwarded-Proto count: rate limits by address and HSTS use them.
    trustProxy: config.trustProxy,
    // Ids in URLs are opaque; `/api/journeys/` and `/api/journeys` are the same list.
    routerOptions: { ignoreTrailingSlash: true },
    // Errors raised before a route or the error handler is reached keep the catalog's shape too.
    frameworkErrors,
    clientErrorHandler,
  });
  collectRouteAccess(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const owned = !options.runtime;
  const runtime =
    options.runtime ??
    createRuntime({
      database,
      registry,
      plugins,
      pluginTimeoutMs: config.pluginTimeoutMs,
      pluginSteps: config.pluginSteps,
      log: app.log,
      now,
      signingSecret: options.signingSecret,
      secretsKey: config.secretsKey,
      publicUrl: config.publicUrl,
      unsubscribeAddress: config.unsubscribeMail.address,
      outboundAllow: config.outboundAllow,
      workers: options.workers ?? true,
    });
  if (owned) {
    app.addHook('onReady', () => runtime.start());
    app.addHook('onClose', () => runtime.stop());
  }
  app.decorate('templates', options.templates ?? lifecycleTemplates());
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, config: { ...route.config } });
    }
  });

  await app.register(securityHeaders);
  await app.register(openApi);

  await app.register(services, { config, database, plugins, runtime, now });
  await app.register(analytics);
  await app.register(audit);
  await app.register(errorHandler);
  await app.register(inputs);
  await app.register(auth);
  await app.register(rateLimits);
  await app.register(accounts);

  // High-volume paths log warnings and errors only; every request would drown the log.
  await app.register(healthRoutes, { logLevel: 'warn' });
  await app.register(ingestRoutes, { prefix: '/v1', logLevel: 'warn' });
  await app.register(apiRoutes, { prefix: '/api' });
  await app.register(deliveryLinkRoutes, { logLevel: 'warn' });
  await app.register(unsubscribeMailbox);
  await app.register(pluginAssetRoutes);
  await app.register(webRoutes, { root: options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot });
  return app;
}
