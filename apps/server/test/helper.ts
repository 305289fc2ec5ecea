import { createTestDatabase, type DatabaseKind } from '@stagecraft/db/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type BuildAppOptions, buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { lifecycleTemplates } from '../src/journeys/templates';
import { createRepositories } from '../src/repositories/index';
import { createRuntime, type LocalRuntime } from '../src/runtime/index';
import type { RuntimeLogger } from '../src/runtime/types';
import { bootstrap } from '../src/seed/bootstrap';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const WRITE_KEY = 'test-write-key-0123456789';

/** A built app on a fresh database, with the admin token and a write key ready. */
export interface TestApp {
  app: FastifyInstance;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  /** The real runtime, workers off: `drain()` runs pending events, timers and deliveries. */
  runtime: LocalRuntime;
  /** The virtual clock the runtime and the app read. */
  clock: { now(): number; advance(ms: number): void };
  /** inject() with the admin token. */
  api(options: InjectOptions): Promise<LightMyRequestResponse>;
  /**
   * Posts `batch` to /v1/batch with the write key (or `writeKey`), throws unless it is taken, and
   * then runs what it started (`drain: false` leaves that to the test).
   */
  ingest(batch: object[], options?: { writeKey?: string; drain?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the app exactly as start-up does (bootstrap, then buildApp) on an isolated database, or
 * on `options.database` (a restart: that database is left open on close).
 */
export async function buildTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  options: Partial<BuildAppOptions> = {},
  runtimeLog: RuntimeLogger = { info() {}, warn() {}, error() {}, debug() {} },
): Promise<TestApp> {
  const shared = options.database;
  const database = shared ?? (await createTestDatabase(kind));
  const config = loadConfig({
    STAGECRAFT_ADMIN_TOKEN: ADMIN_TOKEN,
    STAGECRAFT_WRITE_KEY: WRITE_KEY,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const templates = lifecycleTemplates();
  let time = Date.UTC(2030, 0, 7, 8, 0);
  const clock = {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
  const boot = await bootstrap(createRepositories(database, clock.now), config, templates);
  const runtime = createRuntime({
    database,
    registry: options.plugins?.registry ?? options.registry ?? builtinRegistry,
    ...(options.plugins ? { plugins: options.plugins } : {}),
    pluginTimeoutMs: config.pluginTimeoutMs,
    pluginSteps: config.pluginSteps,
    log: runtimeLog,
    now: clock.now,
    signingSecret: boot.signingSecret,
    secretsKey: config.secretsKey,
    publicUrl: config.publicUrl,
    unsubscribeAddress: config.unsubscribeMail.address,
    outboundAllow: config.outboundAllow,
    workers: options.workers ?? false,
  });
  await runtime.start();
  const app = await buildApp({
    config,
    database,
    signingSecret: boot.signingSecret,
    templates,
    runtime,
    now: clock.now,
    webRoot: null,
    logger: false,
    ...options,
  });
  await app.ready();
  return {
    app,
    database,
    runtime,
    clock,
    api: (request) =>
      app.inject({ ...request, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...request.headers } }),
    ingest: async (batch, { writeKey = WRITE_KEY, drain = true } = {}) => {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: basic(writeKey) },
        payload: { batch },
      });
      if (response.statusCode !== 200)
        throw new Error(`/v1/batch answered ${response.statusCode}: ${response.body}`);
      if (drain) await runtime.drain();
    },
    close: async () => {
      await app.close();
      await runtime.stop();
      if (!shared) await database.close();
    },
  };
}

/** HTTP Basic credentials as Segment clients send them: the write key as user, no password. */
export function basic(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}
