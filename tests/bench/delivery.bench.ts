/**
 * Delivery benchmark on DATABASE_URL (default: the local PostgreSQL), one JSON line per figure:
 * - delivery-email-rate: emails per second from stored events to a local SMTP sink through the
 *   whole runtime with its workers running as in a server (journey step, rendering, outbox,
 *   guardrails, MIME with tracking links, nodemailer's pool); baseline: a bare nodemailer client with the same pool size sending the
 *   same number of ready-made emails to the same sink, in the same run. ratio = rate / baseline.
 * - delivery-guardrails-100k: the cost per message of the guardrail check (suppression, consent,
 *   quiet hours, two frequency caps over the customer's sends, send rate), in batches of 50 as the
 *   delivery worker claims them, on 100,000 customers with 200,000 earlier sends; baseline:
 *   reading the same customers' rows in one transaction per batch.
 */
import type { AddressInfo } from 'node:net';
import { createDatabase } from '@stagecraft/db';
import { createScratchPostgres, seedCustomers } from '@stagecraft/db/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../../apps/server/src/app';
import { createProviderDirectory } from '../../apps/server/src/channels/directory';
import { createLinkSigner } from '../../apps/server/src/channels/links';
import { checkGuardrails } from '../../apps/server/src/channels/message-delivery';
import { createChannelStore } from '../../apps/server/src/channels/store';
import { loadConfig } from '../../apps/server/src/config';
import { createGuardedFetch, EMPTY_ALLOW_LIST } from '../../apps/server/src/outbound/index';
import { createRepositories } from '../../apps/server/src/repositories/index';
import { createRuntime, type IngestMessage } from '../../apps/server/src/runtime/index';
import { bootstrap } from '../../apps/server/src/seed/bootstrap';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const EMAILS = Number(process.env.BENCH_EMAILS ?? 2_000);
const CUSTOMERS = 100_000;
const CHECKS = 5_000;
/** Messages per delivery batch (the worker's). */
const BATCH = 50;
const POOL = 5;
const ADMIN = 'bench-admin-token-0123456789';
const silent = { info() {}, warn() {}, error() {}, debug() {} };

function line(bench: string, value: number, unit: string, baseline: number) {
  const round = (n: number) => Math.round(n * 100) / 100;
  console.log(
    JSON.stringify({
      bench,
      value: round(value),
      unit,
      baseline: round(baseline),
      ratio: round(value / baseline),
    }),
  );
}

/** An SMTP server that takes every mail and counts them. */
async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  // A client that drops its connection is reported as an 'error' event; unheard, it would throw.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const HTML =
  '<h1>Hello {{ profile.first_name }}</h1><p>Your weekly digest is ready. <a href="https://acme.test/digest?w=12">Read it</a> or <a href="https://acme.test/settings">change settings</a>.</p>';

/** Emails per second through the runtime, and through a bare nodemailer pool. */
async function emailRate(url: string, port: number): Promise<{ stagecraft: number; bare: number }> {
  const database = await createDatabase({ url, max: 4 });
  try {
    const config = loadConfig({
      STAGECRAFT_ADMIN_TOKEN: ADMIN,
      STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1',
      STAGECRAFT_SECRETS_KEY: 'bench-secrets-key-0123456789',
      LOG_LEVEL: 'silent',
    });
    const boot = await bootstrap(createRepositories(database), config, []);
    const runtime = createRuntime({
      database,
      registry: builtinRegistry,
      log: silent,
      signingSecret: boot.signingSecret,
      secretsKey: config.secretsKey,
      outboundAllow: config.outboundAllow,
    });
    const app = await buildApp({
      config,
      database,
      signingSecret: boot.signingSecret,
      runtime,
      templates: [],
      webRoot: null,
      logger: false,
    });
    const api = async (method: 'POST' | 'PUT', path: string, payload: object) => {
      const response = await app.inject({
        method,
        url: path,
        payload,
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      if (response.statusCode >= 300) throw new Error(`${path}: ${response.body}`);
      return response.json();
    };
    await api('PUT', '/api/settings/channels/email', {
      provider: 'smtp',
      host: '127.0.0.1',
      port,
      from: 'Acme <news@acme.test>',
      pool: POOL,
    });
    const node = (id: string, type: string, config: object, x: number) => ({
      id,
      type,
      typeVersion: 1,
      position: { x, y: 0 },
      config,
    });
    const created = await api('POST', '/api/journeys', {
      document: {
        name: 'Digest',
        nodes: [
          node('t', 'event-trigger', { event: 'Digest Ready', where: [] }, 0),
          node(
            'm',
            'send-message',
            {
              channel: 'email',
              name: 'Digest',
              subject: 'Your digest, {{ profile.first_name }}',
              body: HTML,
              to: null,
              url: null,
            },
            200,
          ),
        ],
        edges: [{ id: 'e', source: 't', target: 'm' }],
      },
    });
    await api('POST', `/api/journeys/${created.id}/publish`, {});
    const now = Date.now();
    const events = (from: number, count: number) =>
      Array.from({ length: count }, (_, i): IngestMessage[] => {
        const userId = `reader-${from + i}`;
        return [
          {
            messageId: `id-${userId}`,
            type: 'identify',
            userId,
            event: null,
            properties: {},
            traits: { email: `${userId}@example.com`, first_name: 'Ada' },
            timestamp: now,
            receivedAt: now,
            context: {},
          },
          {
            messageId: `ev-${userId}`,
            type: 'track',
            userId,
            event: 'Digest Ready',
            properties: {},
            traits: {},
            timestamp: now,
            receivedAt: now,
            context: {},
          },
        ];
      }).flat();
    const workspaceId = boot.workspaceId;
    // Warm-up: compile the journey, open the pool.
    await runtime.ingest(workspaceId, events(0, 50));
    await runtime.drain();
    for (let from = 50; from < 50 + EMAILS; from += 1_000)
      await runtime.ingest(workspaceId, events(from, Math.min(1_000, 50 + EMAILS - from)));

    const bare = nodemailer.createTransport({
      pool: true,
      maxConnections: POOL,
      host: '127.0.0.1',
      port,
      secure: false,
    });
    const mail = (i: number) => ({
      from: 'Acme <news@acme.test>',
      to: `reader-${i}@example.com`,
      subject: 'Your digest, Ada',
      html: HTML.replace('{{ profile.first_name }}', 'Ada'),
      text: 'Hello Ada\n\nYour weekly digest is ready.',
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => bare.sendMail(mail(i))));
    let started = performance.now();
    await Promise.all(Array.from({ length: EMAILS }, (_, i) => bare.sendMail(mail(i))));
    const bareRate = EMAILS / ((performance.now() - started) / 1000);
    bare.close();

    // Until now the runtime only stored events (it was not started); started, it runs its
    // workers as a server does, events and deliveries side by side.
    started = performance.now();
    await runtime.start();
    const deadline = started + 600_000;
    for (let sent = 0; sent < EMAILS + 50; ) {
      if (performance.now() > deadline) throw new Error(`only ${sent} of ${EMAILS + 50} emails were sent`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { rows } = await database.sql.executeSql(
        "select count(*)::int as n from messages where status = 'sent'",
      );
      sent = Number(rows[0]?.n);
      if (sent > EMAILS + 50) throw new Error(`${sent} emails were sent for ${EMAILS + 50} customers`);
    }
    const stagecraftRate = EMAILS / ((performance.now() - started) / 1000);
    await app.close();
    await runtime.stop();
    return { stagecraft: stagecraftRate, bare: bareRate };
  } finally {
    await database.close();
  }
}

/** Microseconds per guardrail check, and per bare customer read, at 100,000 customers. */
async function guardrailCost(url: string): Promise<{ check: number; read: number }> {
  const database = await createDatabase({ url, max: 2 });
  try {
    const workspaceId = 'bench-guardrails';
    await database.sql.executeSql(
      `insert into workspaces (id, name, time_zone, stages) values ($1, 'Bench', 'Europe/Berlin', '[]'::jsonb)`,
      [workspaceId],
    );
    await seedCustomers(database, workspaceId, CUSTOMERS);
    // Two earlier marketing emails per customer in the last days.
    await database.sql.executeSql(
      `insert into messages (workspace_id, customer_id, id, kind, run_id, journey_id, version, node_id, visit, channel,
         "to", status, created_at, updated_at, sent_at, cleared_at)
       select $1, 'user-' || g, 'past-' || g || '-' || k, 'message', 'run', 'j', 1, 'n', k, 'email',
         'person' || g || '@example.com', 'sent', t, t, t, t
       from generate_series(1, $2::int) g, generate_series(1, 2) k,
         lateral (select now() - make_interval(hours => (g * 7 + k * 13) % 150)) as x(t)`,
      [workspaceId, CUSTOMERS],
    );
    await database.sql.executeSql(
      `insert into workspace_guardrails (workspace_id, settings) values ($1, $2::jsonb)`,
      [
        workspaceId,
        JSON.stringify({
          quietHours: { email: { start: '03:00', end: '03:01' } },
          frequencyCaps: {
            email: [
              { max: 50, days: 7 },
              { max: 20, calendarDays: 1 },
            ],
          },
          sendRates: { email: 100_000 },
        }),
      ],
    );
    await database.sql.executeSql('analyze');
    const key = 'bench-secrets-key-0123456789';
    const store = createChannelStore(database, async () => key);
    const deps = {
      database,
      providers: createProviderDirectory(store, {
        fetch: createGuardedFetch(EMPTY_ALLOW_LIST),
        allow: EMPTY_ALLOW_LIST,
        secrets: async () => ({ workspace: 'w', server: 's' }),
        now: Date.now,
        timeoutMs: 1_000,
      }),
      links: async () => createLinkSigner(key),
      publicUrl: 'https://sc.example',
      unsubscribeAddress: null,
      now: Date.now,
    };
    const pick = (i: number) => `user-${1 + ((i * 7_919) % CUSTOMERS)}`;
    const message = (i: number) => ({
      workspaceId,
      customerId: pick(i),
      id: `bench-${i}`,
      idempotencyKey: `bench-${i}`,
      kind: 'message' as const,
      runId: 'r',
      journeyId: 'j',
      nodeId: 'n',
      visit: 1,
      channel: 'email',
      name: 'Bench',
      to: `${pick(i)}@example.com`,
      subject: 's',
      body: 'b',
      url: null,
      request: null,
      attempts: 1,
      createdAt: new Date(),
    });
    const provider = { channel: 'email' as const, send: async () => ({ providerMessageId: '' }) };
    const checks: number[] = [];
    const reads: number[] = [];
    // Batches as the delivery worker claims them.
    for (let from = 0; from < CHECKS; from += BATCH) {
      const batch = Array.from({ length: BATCH }, (_, k) => {
        const m = message(from + k);
        return { m, provider, to: m.to, delivery: {} };
      });
      let started = performance.now();
      const verdicts = await checkGuardrails(deps, batch);
      checks.push((performance.now() - started) / BATCH);
      if (verdicts.some(Boolean)) throw new Error(`the checks should pass: ${JSON.stringify(verdicts)}`);
      const ids = batch.map((b) => b.m.customerId);
      started = performance.now();
      await database.transaction((tx) =>
        tx.sql.executeSql(
          'select traits, time_zone from customers where workspace_id = $1 and customer_id = any($2::text[])',
          [workspaceId, ids],
        ),
      );
      reads.push((performance.now() - started) / BATCH);
    }
    // The first tenth warms caches and prepared statements.
    const mean = (values: number[]) => {
      const kept = values.slice(Math.floor(values.length / 10));
      return (kept.reduce((a, b) => a + b, 0) / kept.length) * 1000;
    };
    return { check: mean(checks), read: mean(reads) };
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const smtp = await smtpSink();
  try {
    const scratch = await createScratchPostgres();
    try {
      const rate = await emailRate(scratch.url, smtp.port);
      line('delivery-email-rate', rate.stagecraft, 'emails/s', rate.bare);
    } finally {
      await scratch.drop();
    }
    const second = await createScratchPostgres();
    try {
      const cost = await guardrailCost(second.url);
      line('delivery-guardrails-100k', cost.check, 'µs', cost.read);
    } finally {
      await second.drop();
    }
  } finally {
    await smtp.close();
  }
}

await main();
