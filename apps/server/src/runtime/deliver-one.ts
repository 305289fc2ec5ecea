import type { RuntimeContext } from './context';
import { type CallOutcome, callOut } from './http-call';
import type { ClaimedMessage } from './rows';
import { DeliveryError } from './webhook-channel';

export type { ClaimedMessage } from './rows';

/** Performs one claimed delivery: a channel send, an HTTP request or a plugin's execute. Never throws. */
export async function deliverOne(ctx: RuntimeContext, m: ClaimedMessage): Promise<CallOutcome> {
  if (m.kind === 'http') {
    const r = m.request as {
      method: string;
      headers: Record<string, string>;
      body: string | null;
      timeoutMs: number;
      refused?: string;
    };
    if (r.refused) return { ok: false, retry: false, status: null, error: r.refused };
    const request = { ...r, url: m.url ?? '', idempotencyKey: m.idempotencyKey };
    const secrets = await ctx.signingSecrets(m.workspaceId);
    return callOut(request, { fetch: ctx.fetch, secrets, nowMs: ctx.now() });
  }
  if (m.kind === 'plugin') return executePlugin(ctx, m);
  const provider = ctx.channels.get(m.channel ?? '');
  if (!provider)
    return { ok: false, retry: false, status: null, error: `no ${m.channel} provider is configured` };
  try {
    const { providerMessageId } = await provider.send({
      id: m.id,
      idempotencyKey: m.idempotencyKey,
      workspaceId: m.workspaceId,
      customerId: m.customerId,
      journeyId: m.journeyId,
      channel: m.channel as 'email' | 'sms' | 'push' | 'webhook',
      name: m.name,
      to: m.to,
      subject: m.subject,
      body: m.body ?? '',
      url: m.url,
    });
    return { ok: true, status: null, data: { providerMessageId } };
  } catch (error) {
    const retry = error instanceof DeliveryError ? error.retry : true;
    return { ok: false, retry, status: null, error: error instanceof Error ? error.message : String(error) };
  }
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
