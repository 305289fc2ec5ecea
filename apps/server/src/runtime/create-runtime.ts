import type { Database } from '@stagecraft/db';
import { createProviderDirectory } from '../channels/directory';
import { createLinkSigner, type LinkSigner } from '../channels/links';
import { providerKinds } from '../channels/provider-kinds';
import { createChannelStore } from '../channels/store';
import { createGuardedFetch, EMPTY_ALLOW_LIST } from '../outbound/index';
import { NO_PLUGINS } from '../plugin-packages/plugin-host';
import { createPluginSettingsStore, type PluginSettingsStore } from '../plugin-packages/plugin-settings';
import { createSecretsRepository } from '../repositories/secrets';
import { startBackfill } from './backfill';
import { pendingEvents } from './backlog';
import { JourneyCatalog } from './catalog';
import type { RuntimeContext } from './context';
import { customerDetail, searchCustomers } from './customers-query';
import { enterJourney } from './enter';
import { InFlight } from './in-flight';
import { storeEvents } from './ingest';
import { IngestQueue } from './ingest-queue';
import { listMessages, retryMessage } from './messages-query';
import { applyMigration, previewMigration } from './migration';
import type { OpenedSettings, PluginRuntime } from './plugin-step';
import { runInThread } from './plugin-workers';
import type { SigningSecrets } from './signature';
import { journeyStats } from './stats';
import { clockOfCustomer, TestClocks } from './test-clocks';
import type { Runtime, RuntimeOptions } from './types';
import { waitingAt } from './waiting';
import { webhookChannel } from './webhook-channel';
import { Workers } from './workers';

/** A Runtime plus `drain`, which tests and tools use to run pending work without background loops. */
export interface LocalRuntime extends Runtime {
  /** Runs events, due timers and deliveries in this process until none is left; returns how many items ran. */
  drain(): Promise<number>;
}

const DEFAULT_DELIVERY = { maxAttempts: 5, backoffMs: 10_000, timeoutMs: 10_000 };

/**
 * Each workspace's signing secrets, read once per process: a workspace's secret never changes
 * once stored, and there is one entry per workspace.
 */
function workspaceSecrets(
  database: Database,
  server: string,
): (workspaceId: string) => Promise<SigningSecrets> {
  const secrets = createSecretsRepository(database.db);
  const known = new Map<string, Promise<SigningSecrets>>();
  return (workspaceId) => {
    let found = known.get(workspaceId);
    if (!found) {
      found = secrets.workspaceSigningSecret(workspaceId).then((workspace) => ({ workspace, server }));
      // A failed read is not kept: the next delivery asks the database again.
      found.catch(() => known.delete(workspaceId));
      known.set(workspaceId, found);
    }
    return found;
  };
}

/** Adds one ingest result to another. */
function add(
  total: { accepted: number; duplicates: number },
  result: { accepted: number; duplicates: number },
): { accepted: number; duplicates: number } {
  total.accepted += result.accepted;
  total.duplicates += result.duplicates;
  return total;
}

/** A value read once and kept; a failed read is tried again next time. */
function storedOnce<T>(read: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= read().catch((error: unknown) => {
      value = null;
      throw error;
    });
    return value;
  };
}

/** Builds the runtime over one database; call start() before anything but ingest. */
export function createRuntime(options: RuntimeOptions): LocalRuntime {
  const { database, log } = options;
  const now = options.now ?? Date.now;
  const delivery = { ...DEFAULT_DELIVERY, ...options.delivery };
  const fetch = createGuardedFetch(options.outboundAllow ?? EMPTY_ALLOW_LIST);
  const signingSecrets = workspaceSecrets(database, options.signingSecret);
  const channels = new Map(
    [
      webhookChannel({ fetch, secrets: signingSecrets, timeoutMs: delivery.timeoutMs, now }),
      ...(options.channels ?? []),
    ].map((p) => [p.channel, p]),
  );
  const secretsKey = storedOnce(() => createSecretsRepository(database.db).secretsKey(options.secretsKey));
  const kinds = providerKinds((options.plugins ?? NO_PLUGINS).providers());
  const providers = createProviderDirectory(createChannelStore(database, secretsKey, kinds), {
    kinds,
    log,
    fetch,
    allow: options.outboundAllow ?? EMPTY_ALLOW_LIST,
    secrets: signingSecrets,
    now,
    timeoutMs: delivery.timeoutMs,
  });
  const links = storedOnce<LinkSigner>(async () => createLinkSigner(await secretsKey()));
  const plugins = pluginRuntime(options, createPluginSettingsStore(database, secretsKey));
  let workers: Workers | null = null;
  const ctx: RuntimeContext = {
    database,
    catalog: new JourneyCatalog(options.registry, log),
    registry: options.registry,
    log,
    now,
    clockId: null,
    signingSecrets,
    fetch,
    delivery,
    channels,
    plugins,
    inFlight: new InFlight(),
    messageDelivery: {
      database,
      providers,
      links,
      publicUrl: (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
      unsubscribeAddress: options.unsubscribeAddress ?? null,
      now,
    },
    wake: (name) => workers?.wake(name),
  };
  const loops = new Workers(ctx);
  const clocks = new TestClocks(ctx);
  const applyOnArrival = options.applyOnArrival ?? options.workers !== false;
  // PGlite has one connection: a second transaction would only queue behind the first.
  const arrivals = new IngestQueue(ctx, database.kind === 'postgres' ? 2 : 1, options.arrivalBacklog);
  let started = false;
  /** Backfills being queued after journeyChanged; drain and stop wait for them. */
  const backfills = new Set<Promise<unknown>>();

  return {
    async ingest(workspaceId, messages) {
      if (messages.length === 0) return { accepted: 0, duplicates: 0 };
      const { real, byClock } = await clocks.split(workspaceId, messages);
      const total = { accepted: 0, duplicates: 0 };
      for (const [clockId, own] of byClock) add(total, await clocks.ingest(workspaceId, clockId, own));
      if (real.length === 0) return total;
      if (started && applyOnArrival) return add(total, await arrivals.submit(workspaceId, real));
      const result = await storeEvents(database, workspaceId, real);
      if (result.accepted > 0) ctx.wake('events');
      return add(total, result);
    },
    async start() {
      if (started) return;
      started = true;
      if (options.workers === false) return;
      workers = loops;
      // PGlite has one connection, so parallel loops would only queue behind each other.
      loops.start(
        database.kind === 'postgres'
          ? { events: 2, timers: 2, deliveries: 2, ...options.concurrency }
          : { events: 1, timers: 1, deliveries: 1 },
      );
    },
    async stop() {
      if (!started) return;
      started = false;
      await Promise.all(backfills);
      await arrivals.idle();
      await workers?.stop();
      workers = null;
      providers.close();
    },
    workspaceChanged() {
      ctx.catalog.journeyChanged();
    },
    journeyChanged(journeyId) {
      ctx.catalog.journeyChanged();
      if (!started) return;
      const backfill = startBackfill(ctx, journeyId).catch((error: unknown) =>
        log.error(
          { journeyId, err: error instanceof Error ? error.message : String(error) },
          'date-trigger backfill failed to start',
        ),
      );
      backfills.add(backfill);
      backfill.finally(() => backfills.delete(backfill));
    },
    async enter(workspaceId, journeyId, customerId, properties = {}) {
      const clockId = await clockOfCustomer(database.sql, workspaceId, customerId);
      if (clockId) return clocks.enter(workspaceId, clockId, journeyId, customerId, properties);
      return enterJourney(ctx, workspaceId, journeyId, customerId, properties);
    },
    testClocks: clocks,
    stats: (workspaceId, journeyId, version) => journeyStats(database.sql, workspaceId, journeyId, version),
    waiting: (workspaceId, journeyId, version, nodeId, page) =>
      waitingAt(database.sql, workspaceId, journeyId, version, nodeId, page),
    searchCustomers: (workspaceId, query, limit) => searchCustomers(database.sql, workspaceId, query, limit),
    customer: (workspaceId, customerId) => customerDetail(database.sql, workspaceId, customerId),
    messages: (workspaceId, filter) => listMessages(database.sql, workspaceId, filter),
    previewMigration: (workspaceId, journeyId, plan) => previewMigration(ctx, workspaceId, journeyId, plan),
    applyMigration: (workspaceId, journeyId, plan) => applyMigration(ctx, workspaceId, journeyId, plan),
    retryMessage: (workspaceId, messageId) => retryMessage(ctx, workspaceId, messageId),
    pendingEvents: (atMost) => pendingEvents(database.sql, atMost),
    async drain() {
      await Promise.all(backfills);
      let total = 0;
      for (let round = 0; round < 10_000; round++) {
        const done = await loops.once();
        total += done;
        if (done === 0) return total;
      }
      throw new Error(
        'runtime.drain: work keeps coming after 10,000 rounds; a journey may loop without a wait',
      );
    },
  };
}

/** How long a process trusts its copy of a plugin's settings; a change reaches every process within it. */
const PLUGIN_SETTINGS_TTL_MS = 1_000;

/** The plugins as the runtime runs them: their budgets, their workspaces' settings (briefly cached), worker threads. */
function pluginRuntime(options: RuntimeOptions, store: PluginSettingsStore): PluginRuntime {
  const host = options.plugins ?? NO_PLUGINS;
  const known = new Map<string, { at: number; settings: Promise<OpenedSettings> }>();
  return {
    host,
    timeoutMs: options.pluginTimeoutMs ?? 30_000,
    maxSteps: options.pluginSteps ?? 200,
    settings(workspaceId, packageName) {
      const key = `${workspaceId}\u0000${packageName}`;
      const cached = known.get(key);
      if (cached && Date.now() - cached.at < PLUGIN_SETTINGS_TTL_MS) return cached.settings;
      const settings = store.opened(workspaceId, packageName);
      settings.catch(() => known.delete(key));
      // One entry per workspace and installed plugin: bounded by what exists, never by traffic.
      known.set(key, { at: Date.now(), settings });
      return settings;
    },
    inWorker: (call) => runInThread(call, options.outboundAllow ?? EMPTY_ALLOW_LIST),
  };
}
