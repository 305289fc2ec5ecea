import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileJourney } from '@stagecraft/compiler';
import { type Database, journeys, journeyVersions, workspaces } from '@stagecraft/db';
import { createTestDatabase, type DatabaseKind } from '@stagecraft/db/testing';
import { DEFAULT_STAGES, type JourneyDocumentInput } from '@stagecraft/graph';
import { builtinRegistry } from '@stagecraft/nodes';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { parseAllowList } from '../../src/outbound/index';
import { createSecretsRepository } from '../../src/repositories/secrets';
import { type ChannelProvider, createRuntime, type IngestMessage } from '../../src/runtime/index';

export const SECRET = 'test-signing-secret-0123456789';
export const WORKSPACE = 'ws_test';
export const DAY = 86_400_000;

/** A virtual clock: the runtime reads it, tests move it. */
export function createClock(start = Date.UTC(2030, 0, 7, 8, 0)) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A database with one workspace and a runtime on a virtual clock, workers off (tests drive them). */
export async function createHarness(
  kind: DatabaseKind,
  options: {
    delivery?: { maxAttempts?: number; backoffMs?: number; timeoutMs?: number };
    channels?: ChannelProvider[];
    /** Apply ingested events as they are stored, as a server running its workers does. */
    applyOnArrival?: boolean;
    arrivalBacklog?: number;
    /** STAGECRAFT_OUTBOUND_ALLOW: internal hosts outbound requests may reach (none by default). */
    outboundAllow?: string;
  } = {},
) {
  const allow = parseAllowList(options.outboundAllow ?? '');
  if ('problems' in allow) throw new Error(allow.problems.join('; '));
  const database = await createTestDatabase(kind);
  await database.db
    .insert(workspaces)
    .values({ id: WORKSPACE, name: 'Test', timeZone: 'Europe/Berlin', stages: DEFAULT_STAGES });
  const clock = createClock();
  const log = process.env.DEBUG_RUNTIME
    ? { info: console.log, warn: console.log, error: console.log, debug: console.log }
    : { info() {}, warn() {}, error() {}, debug() {} };
  const runtime = createRuntime({
    database,
    registry: builtinRegistry,
    log,
    now: clock.now,
    signingSecret: SECRET,
    workers: false,
    applyOnArrival: options.applyOnArrival ?? false,
    arrivalBacklog: options.arrivalBacklog,
    delivery: { maxAttempts: 3, backoffMs: 60_000, timeoutMs: 2_000, ...options.delivery },
    channels: options.channels ?? [],
    outboundAllow: allow.list,
  });
  await runtime.start();
  let seq = 0;
  const message = (
    type: IngestMessage['type'],
    userId: string,
    fields: Partial<IngestMessage>,
  ): IngestMessage => ({
    messageId: `m-${++seq}-${randomUUID()}`,
    type,
    userId,
    event: null,
    properties: {},
    traits: {},
    context: {},
    timestamp: clock.now(),
    receivedAt: clock.now(),
    ...fields,
  });
  return {
    database,
    runtime,
    clock,
    identify: (userId: string, traits: Record<string, unknown>, context: Record<string, unknown> = {}) =>
      runtime.ingest(WORKSPACE, [message('identify', userId, { traits, context })]),
    track: (userId: string, event: string, properties: Record<string, unknown> = {}) =>
      runtime.ingest(WORKSPACE, [message('track', userId, { event, properties })]),
    message,
    /** The workspace's v2 signing secret, as receivers are given it. */
    workspaceSecret: () => createSecretsRepository(database.db).workspaceSigningSecret(WORKSPACE),
    publish: async (id: string, document: JourneyDocumentInput, version = 1) => {
      await publish(database, id, document, version);
      runtime.journeyChanged(id);
    },
    close: async () => {
      await runtime.stop();
      await database.close();
    },
  };
}

/** Stores a journey version and makes it the live one, as the HTTP layer's publish does. */
export async function publish(
  database: Database,
  id: string,
  document: JourneyDocumentInput,
  version = 1,
  workspaceId = WORKSPACE,
) {
  const compiled = compileJourney(document, builtinRegistry, { journeyId: id, version });
  if (!compiled.ok) throw new Error(`test journey does not compile: ${JSON.stringify(compiled.diagnostics)}`);
  const existing = await database.db.select().from(journeys).where(eq(journeys.id, id));
  if (existing.length === 0) {
    await database.db.insert(journeys).values({
      id,
      workspaceId,
      name: document.name,
      status: 'live',
      draft: document,
      publishedVersion: version,
    });
  } else {
    await database.db
      .update(journeys)
      .set({ status: 'live', publishedVersion: version })
      .where(eq(journeys.id, id));
  }
  await database.db
    .insert(journeyVersions)
    .values({ journeyId: id, version, workspaceId, document, hash: compiled.journey.hash });
}

/** Builds a journey document from terse node and edge lists. */
export function journey(
  name: string,
  nodes: [id: string, type: string, config: Record<string, unknown>][],
  edges: [source: string, target: string, port?: string][],
  settings: Record<string, unknown> = {},
): JourneyDocumentInput {
  return {
    name,
    nodes: nodes.map(([id, type, config], i) => ({
      id,
      type,
      typeVersion: 1,
      position: { x: i * 200, y: 0 },
      config,
    })),
    edges: edges.map(([source, target, port], i) => ({
      id: `e${i}`,
      source,
      target,
      sourcePort: port ?? 'out',
    })),
    stages: DEFAULT_STAGES,
    settings: settings as JourneyDocumentInput['settings'],
  };
}

/** A webhook send-message node config posting to `url`. */
export const webhook = (url: string, body: string, name = 'hook') => ({
  channel: 'webhook',
  name,
  subject: '',
  body,
  to: null,
  url,
});

export interface SinkRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a sink answers a request with. */
export interface SinkAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A real HTTP receiver that records every request and answers as told; it listens on
 * 127.0.0.1 unless `host` names another local address (`::1`, `127.0.0.2`).
 */
export async function createSink(options: { host?: string } = {}) {
  const host = options.host ?? '127.0.0.1';
  const requests: SinkRequest[] = [];
  let respond: (request: SinkRequest) => SinkAnswer = () => ({ status: 200, body: { id: 'ok' } });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(request);
      const answer = respond(request);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    hits: (path: string) => requests.filter((r) => r.path === path),
    respondWith: (fn: typeof respond) => {
      respond = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
export type Sink = Awaited<ReturnType<typeof createSink>>;

/**
 * A harness and a webhook sink shared by the tests of one describe block: made before them,
 * closed after. Read them as `s.h` and `s.sink` inside the tests. The sink listens on
 * 127.0.0.1, so that address is allow-listed unless `options` says otherwise.
 */
export function suiteHarness(kind: DatabaseKind, options?: Parameters<typeof createHarness>[1]) {
  const suite = {} as { h: Harness; sink: Sink };
  beforeAll(async () => {
    suite.h = await createHarness(kind, { outboundAllow: '127.0.0.1', ...options });
    suite.sink = await createSink();
  });
  afterAll(async () => {
    await suite.h?.close();
    await suite.sink?.close();
  });
  return suite;
}
