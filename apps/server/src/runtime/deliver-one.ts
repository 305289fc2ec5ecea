import type { DeliverySpec, RetrySpec } from '@stagecraft/sdk';
import {
  checkGuardrails,
  type PreparedMessage,
  prepareChannelMessage,
  type SendOutcome,
  sendPrepared,
  type Verdict,
} from '../channels/message-delivery';
import type { RuntimeContext } from './context';
import { type CallOutcome, callOut } from './http-call';
import { runPluginStep } from './plugin-step';
import { type RetryPolicy, retryPolicy } from './retry-policy';
import type { ClaimedMessage } from './rows';

export type { ClaimedMessage } from './rows';

/**
 * What came of one claimed delivery: an attempt (the call's outcome, how long it took, and for
 * channel messages whether the address must be suppressed), or a verdict that kept the message
 * back without calling out (no provider, no address, a guardrail).
 */
export type DeliveryOutcome =
  | { kind: 'attempt'; call: CallOutcome; ms: number; suppress?: boolean; address?: string | null }
  | Verdict;

/** Performs one claimed HTTP request or plugin effect. Never throws. */
export async function deliverCall(ctx: RuntimeContext, m: ClaimedMessage): Promise<DeliveryOutcome> {
  const started = Date.now();
  const attempt = (call: CallOutcome, extra: { suppress?: boolean; address?: string | null } = {}) => ({
    kind: 'attempt' as const,
    call,
    ms: Date.now() - started,
    ...extra,
  });
  if (m.kind === 'http') {
    const r = m.request as {
      method: string;
      headers: Record<string, string>;
      body: string | null;
      timeoutMs: number;
      refused?: string;
      retry?: RetrySpec;
    };
    if (r.refused) return attempt({ ok: false, retry: false, status: null, error: r.refused });
    const request = {
      method: r.method,
      headers: r.headers,
      body: r.body,
      timeoutMs: r.timeoutMs,
      url: m.url ?? '',
      idempotencyKey: m.idempotencyKey,
    };
    const secrets = await ctx.signingSecrets(m.workspaceId);
    const call = await callOut(request, { fetch: ctx.fetch, secrets, nowMs: ctx.now() });
    return attempt(byPolicy(call, retryPolicy(r.retry, ctx.delivery)));
  }
  return attempt(await runPluginStep(ctx, m));
}

/**
 * Delivers a batch of claimed rows: HTTP and plugin calls one by one (in parallel), channel
 * messages with their guardrails checked together in one transaction, then sent in parallel.
 */
export async function deliverAll(ctx: RuntimeContext, claimed: ClaimedMessage[]): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = new Array(claimed.length);
  const ready: { n: number; prepared: PreparedMessage }[] = [];
  await Promise.all(
    claimed.map(async (m, n) => {
      if (m.kind !== 'message') {
        outcomes[n] = await deliverCall(ctx, m);
        return;
      }
      const prepared = await prepareChannelMessage(ctx.messageDelivery, m, ctx.channels.get(m.channel ?? ''));
      if ('m' in prepared) ready.push({ n, prepared });
      else
        outcomes[n] =
          prepared.kind === 'skip' || prepared.kind === 'defer' ? prepared : sendAttempt(ctx, m, prepared, 0);
    }),
  );
  const guarded = ready.filter((r) => r.prepared.m.channel !== 'webhook');
  const verdicts = await checkGuardrails(
    ctx.messageDelivery,
    guarded.map((r) => r.prepared),
  );
  const held = new Map(guarded.map((r, i) => [r.n, verdicts[i] ?? null]));
  await Promise.all(
    ready.map(async ({ n, prepared }) => {
      const verdict = held.get(n);
      if (verdict) {
        outcomes[n] = verdict;
        return;
      }
      const started = Date.now();
      const sent = await sendPrepared(ctx.messageDelivery, prepared);
      outcomes[n] = sendAttempt(ctx, prepared.m, sent, Date.now() - started);
    }),
  );
  return outcomes;
}

/** A provider's answer as an attempt; webhooks' HTTP statuses are retried as the node says. */
function sendAttempt(
  ctx: RuntimeContext,
  m: ClaimedMessage,
  result: SendOutcome,
  ms: number,
): DeliveryOutcome {
  if (result.kind === 'sent') {
    return {
      kind: 'attempt',
      call: { ok: true, status: null, data: { providerMessageId: result.providerMessageId } },
      ms,
      address: result.address,
    };
  }
  const call: CallOutcome = { ok: false, retry: result.retry, status: result.status, error: result.error };
  // Providers say themselves whether a failure is temporary (SMTP and provider codes are not HTTP statuses).
  const policy = retryPolicy(deliverySpec(m)?.retry, ctx.delivery);
  return {
    kind: 'attempt',
    call: m.channel === 'webhook' ? byPolicy(call, policy) : call,
    ms,
    suppress: result.suppress,
    address: result.address,
  };
}

/** A failed HTTP call is retried when the policy lists its status; one without a status keeps its own verdict. */
function byPolicy(call: CallOutcome, policy: RetryPolicy): CallOutcome {
  if (call.ok || call.status === null) return call;
  return { ...call, retry: policy.retries(call.status) };
}

/** The delivery choices stored with a channel message. */
export function deliverySpec(m: Pick<ClaimedMessage, 'kind' | 'request'>): DeliverySpec | undefined {
  return m.kind === 'message' ? (m.request as { delivery?: DeliverySpec } | null)?.delivery : undefined;
}
