import type { ChangeSet } from './changes';
import type { RuntimeContext } from './context';
import { type ClaimedMessage, deliverOne } from './deliver-one';
import type { CallOutcome } from './http-call';
import { DELIVER_QUEUE, type DeliverJob, takeDueJobs } from './jobs';
import { runUnitOfWork } from './unit-of-work';

const CLAIMED_COLUMNS = `m.workspace_id, m.customer_id, m.id, m.kind, m.run_id, m.journey_id, m.node_id,
  m.visit, m.channel, m.name, m."to", m.subject, m.body, m.url, m.request, m.attempts`;

/**
 * Delivers up to `limit` due outbox rows. Each row is claimed by moving it to `sending` in a
 * committed transaction before any call goes out, so no idempotency key is ever sent twice — a
 * process that dies mid-call leaves the row in `sending` (see recoverInterrupted). Outcomes are
 * recorded in a second transaction: `sent`; `failed` with a retry job after exponential backoff;
 * or `dead` after the last attempt. HTTP and plugin outcomes are fed back to their run.
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
         and m.status in ('queued', 'failed') and (m.next_attempt_at is null or m.next_attempt_at <= $2)
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
  const outcomes = await Promise.all(claimed.map((m) => deliverOne(ctx, m)));
  await recordOutcomes(
    ctx,
    claimed.map((message, i) => ({ message, outcome: outcomes[i]! })),
  );
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
      outcome: { ok: false, retry: false, status: null, error } as CallOutcome,
    })),
  );
  return rows.length;
}

/**
 * Records delivery outcomes in one unit of work: each row becomes sent, failed (with a retry
 * job) or dead, and HTTP and plugin outcomes that will not be retried go back to their run.
 */
async function recordOutcomes(
  ctx: RuntimeContext,
  items: { message: ClaimedMessage; outcome: CallOutcome }[],
) {
  await runUnitOfWork(ctx, {
    select: async (_tx, changes) => {
      const updates = items.map(({ message, outcome }) => decide(ctx, message, outcome, changes));
      const withRuns = items.filter(
        (i, n) => i.message.kind !== 'message' && updates[n]!.status !== 'failed',
      );
      const keys = withRuns.map((i) => ({
        workspaceId: i.message.workspaceId,
        customerId: i.message.customerId,
      }));
      return { keys, load: { schedules: false, endedRuns: false }, found: { updates, withRuns } };
    },
    apply: async ({ tx, changes, processor, customer }, { updates, withRuns }) => {
      for (const { message: m, outcome } of withRuns) {
        await processor.applyResult(customer(m), m.runId, {
          type: 'result',
          nodeId: m.nodeId,
          visit: m.visit,
          ok: outcome.ok,
          data: outcome.data,
          ...(outcome.ok ? {} : { error: outcome.error }),
        });
      }
      await tx.sql.executeSql(
        `update messages m set status = v.status, last_error = v.error, next_attempt_at = v.next_at, sent_at = v.sent_at,
           provider_message_id = coalesce(v.provider_id, m.provider_message_id), response = v.response, updated_at = $2
         from json_to_recordset($1::json) as v(w text, c text, id text, status text, error text, next_at timestamptz,
           sent_at timestamptz, provider_id text, response jsonb)
         where m.workspace_id = v.w and m.customer_id = v.c and m.id = v.id and m.status = 'sending'`,
        [JSON.stringify(updates), new Date(changes.now).toISOString()],
      );
    },
  });
}

/** Sent, retry later (with a job at the next attempt), or dead. */
function decide(ctx: RuntimeContext, m: ClaimedMessage, outcome: CallOutcome, changes: ChangeSet) {
  const row = { w: m.workspaceId, c: m.customerId, id: m.id };
  const response = outcome.data === undefined ? null : outcome.data;
  if (outcome.ok) {
    const providerId = (outcome.data as { providerMessageId?: string } | null)?.providerMessageId ?? null;
    return {
      ...row,
      status: 'sent',
      error: null,
      next_at: null,
      sent_at: new Date(changes.now).toISOString(),
      provider_id: providerId,
      response: m.kind === 'message' ? null : response,
    };
  }
  if (outcome.retry && m.attempts < ctx.delivery.maxAttempts) {
    const nextAt = changes.now + ctx.delivery.backoffMs * 2 ** (m.attempts - 1);
    changes.jobs.push({
      name: DELIVER_QUEUE,
      data: { workspaceId: m.workspaceId, customerId: m.customerId, messageId: m.id },
      startAt: nextAt,
    });
    return {
      ...row,
      status: 'failed',
      error: outcome.error,
      next_at: new Date(nextAt).toISOString(),
      sent_at: null,
      provider_id: null,
      response,
    };
  }
  return {
    ...row,
    status: 'dead',
    error: outcome.error,
    next_at: null,
    sent_at: null,
    provider_id: null,
    response,
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
  };
}
