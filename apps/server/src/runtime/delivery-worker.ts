import type { DeliveryAttempt, SqlExecutor } from '@stagecraft/db';
import type { RetrySpec } from '@stagecraft/sdk';
import type { ChangeSet } from './changes';
import type { RuntimeContext } from './context';
import {
  type ClaimedMessage,
  type DeliveryOutcome,
  deliverAll,
  deliverCall,
  deliverySpec,
} from './deliver-one';
import { type Arrival, insertEvents } from './ingest';
import { DELIVER_QUEUE, type DeliverJob, takeDueJobs } from './jobs';
import { nextAttemptAt, retryPolicy } from './retry-policy';
import { runUnitOfWork } from './unit-of-work';

const CLAIMED_COLUMNS = `m.workspace_id, m.customer_id, m.id, m.kind, m.run_id, m.journey_id, m.node_id,
  m.visit, m.channel, m.name, m."to", m.subject, m.body, m.url, m.request, m.attempts, m.created_at`;

/**
 * Delivers up to `limit` due outbox rows. Each row is claimed by moving it to `sending` in a
 * committed transaction before any call goes out, so no idempotency key is ever sent twice — a
 * process that dies mid-call leaves the row in `sending` (see recoverInterrupted). Outcomes are
 * recorded in a second transaction: `sent`; `failed` with a retry job as the retry policy says;
 * `dead` when it gives up; or, for a message kept back without a call, `skipped`, `no_provider`,
 * `no_address` or `deferred` (with a job when it may go). HTTP and plugin outcomes go back to their run.
 */
export async function processDeliveries(ctx: RuntimeContext, limit: number): Promise<number> {
  const claimed = await ctx.database.transaction(async (tx) => {
    const now = ctx.now();
    const jobs = await takeDueJobs<DeliverJob>(tx.sql, DELIVER_QUEUE, now, limit, ctx.clockId);
    if (jobs.length === 0) return [];
    const { rows } = await tx.sql.executeSql(
      `update messages m set status = 'sending', attempts = m.attempts + 1, updated_at = $2
       from json_to_recordset($1::json) as k(w text, c text, id text)
       where m.workspace_id = k.w and m.customer_id = k.c and m.id = k.id
         and m.status in ('queued', 'failed', 'deferred') and (m.next_attempt_at is null or m.next_attempt_at <= $2)
       returning ${CLAIMED_COLUMNS}`,
      [
        JSON.stringify(
          jobs.map((j) => ({ w: j.data.workspaceId, c: j.data.customerId, id: j.data.messageId })),
        ),
        new Date(now).toISOString(),
      ],
    );
    return rows.map(toClaimed);
  });
  if (claimed.length === 0) return 0;
  const startedAt = ctx.now();
  // A plugin step may take its whole time budget: it records its own outcome when it ends, so
  // the rows claimed with it (other customers') are not held back. Past the process's limit of
  // steps under way, a plugin row is deferred for a second instead, its attempt given back.
  const plugins = claimed.filter((m) => m.kind === 'plugin');
  const room = Math.max(0, ctx.plugins.maxSteps - ctx.inFlight.size);
  for (const message of plugins.slice(0, room)) {
    ctx.inFlight.add(
      deliverCall(ctx, message)
        .then((outcome) => recordOutcomes(ctx, [{ message, outcome, startedAt }]))
        .catch((error: unknown) =>
          ctx.log.error(
            { messageId: message.id, err: error instanceof Error ? error.message : String(error) },
            'recording a plugin step failed; the row is recovered as interrupted',
          ),
        ),
    );
  }
  const held: Item[] = plugins.slice(room).map((message) => ({
    message,
    outcome: {
      kind: 'defer',
      until: startedAt + 1_000,
      reason: 'this process already runs as many plugin steps as STAGECRAFT_PLUGIN_STEPS allows',
    },
    startedAt,
  }));
  const others = claimed.filter((m) => m.kind !== 'plugin');
  const outcomes = others.length > 0 ? await deliverAll(ctx, others) : [];
  const items = [...others.map((message, i) => ({ message, outcome: outcomes[i]!, startedAt })), ...held];
  if (items.length > 0) await recordOutcomes(ctx, items);
  return claimed.length;
}

/**
 * Rows left in `sending` by a process that died mid-call: the receiver may or may not have them,
 * so they are not retried automatically (that could deliver a key twice). They become `dead`
 * with the reason, and their run takes its failure path; retryMessage sends them again on request.
 */
export async function recoverInterrupted(ctx: RuntimeContext, olderThanMs: number): Promise<number> {
  const now = ctx.now();
  const { rows } = await ctx.database.sql.executeSql(
    `update messages m set updated_at = $1
     where m.status = 'sending' and m.updated_at < $2
     returning ${CLAIMED_COLUMNS}`,
    [new Date(now).toISOString(), new Date(now - olderThanMs).toISOString()],
  );
  if (rows.length === 0) return 0;
  const error =
    'delivery was interrupted (the process stopped during the call); the outcome is unknown, so it was not retried';
  await recordOutcomes(
    ctx,
    rows.map((r) => ({
      message: toClaimed(r),
      outcome: { kind: 'attempt', call: { ok: false, retry: false, status: null, error }, ms: 0 },
      startedAt: now,
    })),
  );
  return rows.length;
}

interface Item {
  message: ClaimedMessage;
  outcome: DeliveryOutcome;
  startedAt: number;
}

/**
 * Records delivery outcomes in one unit of work: each row's new status (with a retry or defer
 * job), suppressed addresses, delivery events on the customer (`Message Sent`, `Message
 * Bounced`), and the outcomes of HTTP and plugin steps that are final, fed back to their run.
 */
async function recordOutcomes(ctx: RuntimeContext, items: Item[]) {
  let events = 0;
  await runUnitOfWork(ctx, {
    select: async (_tx, changes) => {
      const updates = items.map((item) => decide(ctx, item, changes));
      const withRuns = items.filter(
        (i, n) =>
          i.message.kind !== 'message' && i.outcome.kind === 'attempt' && updates[n]!.status !== 'failed',
      );
      const keys = withRuns.map((i) => ({
        workspaceId: i.message.workspaceId,
        customerId: i.message.customerId,
      }));
      return { keys, load: { schedules: false, endedRuns: false }, found: { updates, withRuns } };
    },
    apply: async ({ tx, changes, processor, customer }, { updates, withRuns }) => {
      for (const { message: m, outcome } of withRuns) {
        if (outcome.kind !== 'attempt') continue;
        const { call } = outcome;
        if (!call.ok && onFailure(m) === 'stop') {
          const step = m.kind === 'http' ? 'HTTP step' : 'plugin step';
          processor.stopRun(customer(m), m.runId, `the ${step} ${m.nodeId} failed: ${call.error}`);
          continue;
        }
        if (call.profile) processor.mergeTraits(customer(m), call.profile);
        await processor.applyResult(customer(m), m.runId, {
          type: 'result',
          nodeId: m.nodeId,
          visit: m.visit,
          ok: call.ok,
          data: call.data,
          ...(call.ok ? {} : { error: call.error }),
          ...(call.port !== undefined ? { port: call.port } : {}),
        });
      }
      await tx.sql.executeSql(
        `update messages m set status = v.status, last_error = v.error, next_attempt_at = v.next_at, sent_at = v.sent_at,
           provider_message_id = coalesce(v.provider_id, m.provider_message_id), response = coalesce(v.response, m.response),
           attempts = m.attempts - v.undo, "to" = coalesce(m."to", v.address),
           attempt_log = case when v.attempt is null then m.attempt_log
             else coalesce(m.attempt_log, '[]'::jsonb) || jsonb_build_array(v.attempt) end,
           updated_at = $2
         from json_to_recordset($1::json) as v(w text, c text, id text, status text, error text, next_at timestamptz,
           sent_at timestamptz, provider_id text, response jsonb, undo int, address text, attempt jsonb)
         where m.workspace_id = v.w and m.customer_id = v.c and m.id = v.id and m.status = 'sending'`,
        [JSON.stringify(updates), new Date(changes.now).toISOString()],
      );
      await suppress(tx.sql, items, changes.now);
      const arrivals = deliveryEvents(items, updates, changes.now);
      events = arrivals.length;
      await insertEvents(tx.sql, arrivals, null);
    },
  });
  if (events > 0) ctx.wake('events');
}

/** The status a delivery ends in for now, with its retry or defer job. */
function decide(ctx: RuntimeContext, { message: m, outcome, startedAt }: Item, changes: ChangeSet) {
  const row = {
    w: m.workspaceId,
    c: m.customerId,
    id: m.id,
    next_at: null as string | null,
    sent_at: null as string | null,
    provider_id: null as string | null,
    response: null as unknown,
    undo: 0,
    address: null as string | null,
    attempt: null as DeliveryAttempt | null,
  };
  const job = (at: number) =>
    changes.jobs.push({
      name: DELIVER_QUEUE,
      data: { workspaceId: m.workspaceId, customerId: m.customerId, messageId: m.id },
      startAt: at,
    });
  // Kept back without a call: the attempt claimed for it is given back.
  if (outcome.kind === 'skip') return { ...row, status: outcome.status, error: outcome.reason, undo: 1 };
  if (outcome.kind === 'defer') {
    job(outcome.until);
    return {
      ...row,
      status: 'deferred',
      error: `deferred: ${outcome.reason}`,
      next_at: new Date(outcome.until).toISOString(),
      undo: 1,
    };
  }
  const { call } = outcome;
  row.address = outcome.address ?? null;
  row.attempt = {
    at: new Date(startedAt).toISOString(),
    ms: outcome.ms,
    status: call.status,
    error: call.ok ? null : call.error.slice(0, 500),
  };
  const response = call.data === undefined ? null : call.data;
  if (call.ok) {
    const providerId = (call.data as { providerMessageId?: string } | null)?.providerMessageId ?? null;
    return {
      ...row,
      status: 'sent',
      error: null,
      sent_at: new Date(changes.now).toISOString(),
      provider_id: providerId,
      response: m.kind === 'message' ? null : response,
    };
  }
  if (outcome.suppress) {
    return { ...row, status: 'dead', error: `${call.error}; the address is now suppressed`, response };
  }
  const policy = retryPolicy(retrySpecOf(m), ctx.delivery);
  const nextAt = call.retry ? nextAttemptAt(policy, m.attempts, m.createdAt.getTime(), changes.now) : null;
  if (nextAt !== null) {
    job(nextAt);
    return { ...row, status: 'failed', error: call.error, next_at: new Date(nextAt).toISOString(), response };
  }
  const why = call.retry ? ` (gave up after ${m.attempts} attempt${m.attempts === 1 ? '' : 's'})` : '';
  return { ...row, status: 'dead', error: `${call.error}${why}`, response };
}

function retrySpecOf(m: ClaimedMessage): RetrySpec | undefined {
  if (m.kind === 'http' || m.kind === 'plugin') return (m.request as { retry?: RetrySpec } | null)?.retry;
  return deliverySpec(m)?.retry;
}

function onFailure(m: ClaimedMessage): 'port' | 'stop' {
  return m.kind !== 'message' && (m.request as { onFailure?: string } | null)?.onFailure === 'stop'
    ? 'stop'
    : 'port';
}

/** Addresses that can never receive (hard bounces, invalid numbers, dead device tokens). */
async function suppress(sql: SqlExecutor, items: Item[], now: number) {
  const rows = items.flatMap(({ message: m, outcome }) =>
    outcome.kind === 'attempt' && outcome.suppress && outcome.address && !outcome.call.ok
      ? [
          {
            w: m.workspaceId,
            ch: m.channel,
            a: outcome.address,
            r: outcome.call.error.slice(0, 300),
            m: m.id,
          },
        ]
      : [],
  );
  if (rows.length === 0) return;
  await sql.executeSql(
    `insert into suppressions (workspace_id, channel, address, reason, message_id, created_at)
     select w, ch, a, r, m, $2 from json_to_recordset($1::json) as v(w text, ch text, a text, r text, m text)
     on conflict (workspace_id, channel, address) do nothing`,
    [JSON.stringify(rows), new Date(now).toISOString()],
  );
}

/**
 * `Message Sent` and `Message Bounced` on the customer for email, SMS and push (webhooks are the
 * journey's own calls), keyed by the message so a retry adds none.
 */
function deliveryEvents(items: Item[], updates: { status: string }[], now: number): Arrival[] {
  const arrivals: Arrival[] = [];
  items.forEach(({ message: m, outcome }, n) => {
    if (m.kind !== 'message' || m.channel === 'webhook' || outcome.kind !== 'attempt') return;
    const status = updates[n]!.status;
    const name = status === 'sent' ? 'Message Sent' : outcome.suppress ? 'Message Bounced' : null;
    if (!name) return;
    arrivals.push({
      workspaceId: m.workspaceId,
      message: deliveryEvent(
        m,
        name,
        now,
        outcome.call.ok ? {} : { reason: outcome.call.error.slice(0, 300) },
      ),
    });
  });
  return arrivals;
}

/** A delivery event about one message, as ingestion stores it. */
export function deliveryEvent(
  m: Pick<ClaimedMessage, 'customerId' | 'id' | 'journeyId' | 'nodeId' | 'channel' | 'name'>,
  name: string,
  now: number,
  extra: Record<string, unknown> = {},
  suffix = '',
) {
  return {
    messageId: `${m.id}:${name.toLowerCase().replace(/\s+/g, '-')}${suffix}`,
    type: 'track' as const,
    userId: m.customerId,
    event: name,
    properties: {
      message_id: m.id,
      journey_id: m.journeyId,
      node_id: m.nodeId,
      channel: m.channel,
      message_name: m.name,
      ...extra,
    },
    traits: {},
    timestamp: now,
    receivedAt: now,
    context: {},
  };
}

function toClaimed(r: Record<string, unknown>): ClaimedMessage {
  return {
    workspaceId: String(r.workspace_id),
    customerId: String(r.customer_id),
    id: String(r.id),
    idempotencyKey: String(r.id),
    kind: r.kind as ClaimedMessage['kind'],
    runId: String(r.run_id),
    journeyId: String(r.journey_id),
    nodeId: String(r.node_id),
    visit: Number(r.visit),
    channel: (r.channel as string | null) ?? null,
    name: (r.name as string | null) ?? null,
    to: (r.to as string | null) ?? null,
    subject: (r.subject as string | null) ?? null,
    body: (r.body as string | null) ?? null,
    url: (r.url as string | null) ?? null,
    request: (r.request as Record<string, unknown> | null) ?? null,
    attempts: Number(r.attempts),
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
  };
}
