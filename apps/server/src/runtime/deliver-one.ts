import type { DeliverySpec, RetrySpec } from '@stagecraft/sdk';
import { deliverChannelMessage, type Verdict } from '../channels/message-delivery';
import type { RuntimeContext } from './context';
import { type CallOutcome, callOut } from './http-call';
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

/** Performs one claimed delivery: a channel send, an HTTP request or a plugin's execute. Never throws. */
export async function deliverOne(ctx: RuntimeContext, m: ClaimedMessage): Promise<DeliveryOutcome> {
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
  if (m.kind === 'plugin') return attempt(await executePlugin(ctx, m));
  const result = await deliverChannelMessage(ctx.messageDelivery, m, ctx.channels.get(m.channel ?? ''));
  if (result.kind === 'skip' || result.kind === 'defer') return result;
  if (result.kind === 'sent') {
    return attempt(
      { ok: true, status: null, data: { providerMessageId: result.providerMessageId } },
      { address: result.address },
    );
  }
  const call: CallOutcome = { ok: false, retry: result.retry, status: result.status, error: result.error };
  // Webhooks answer with HTTP statuses, retried as the node says; providers say themselves
  // whether a failure is temporary (SMTP and provider codes are not HTTP statuses).
  const policy = retryPolicy(deliverySpec(m)?.retry, ctx.delivery);
  return attempt(m.channel === 'webhook' ? byPolicy(call, policy) : call, {
    suppress: result.suppress,
    address: result.address,
  });
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

async function executePlugin(ctx: RuntimeContext, m: ClaimedMessage): Promise<CallOutcome> {
  const { nodeType, nodeTypeVersion, params } = m.request as {
    nodeType: string;
    nodeTypeVersion: number;
    params: Record<string, unknown>;
  };
  const definition = ctx.registry.get(nodeType, nodeTypeVersion);
  if (!definition?.execute) {
    return {
      ok: false,
      retry: false,
      status: null,
      error: `node type ${nodeType}@${nodeTypeVersion} cannot execute here`,
    };
  }
  try {
    const { rows } = await ctx.database.sql.executeSql(
      'select traits from customers where workspace_id = $1 and customer_id = $2',
      [m.workspaceId, m.customerId],
    );
    const profile = (rows[0]?.traits as Record<string, unknown> | undefined) ?? {};
    const result = await definition.execute(
      { params, idempotencyKey: m.idempotencyKey, customerId: m.customerId, profile },
      {
        fetch: ctx.fetch,
        log: (message, data) => ctx.log.info({ nodeType, messageId: m.id, ...data }, message),
        signal: AbortSignal.timeout(ctx.delivery.timeoutMs),
      },
    );
    if (result.ok) return { ok: true, status: 200, data: result.data ?? null };
    return {
      ok: false,
      retry: false,
      status: null,
      data: result.data,
      error: result.error ?? 'the step reported failure',
    };
  } catch (error) {
    return {
      ok: false,
      retry: true,
      status: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
