import type { GuardedFetch } from '../outbound/index';
import { callOut } from './http-call';
import type { SigningSecrets } from './signature';
import type { ChannelProvider } from './types';

/**
 * A delivery failure; `retry: false` means trying again cannot help (the receiver refused it).
 * `suppress` marks an address that can never receive (a hard bounce, an invalid number, an
 * unregistered device): it is suppressed on the channel. `status` is the provider's HTTP or
 * SMTP status, when there was one.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly details: { status?: number | null; suppress?: boolean } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * The built-in webhook channel: POSTs the rendered body to the node's URL through the guarded
 * fetch, signed with the workspace's secret, with the message's idempotency key, and takes the
 * receiver's `id` (if it returns JSON) as the provider id.
 */
export function webhookChannel(options: {
  fetch: GuardedFetch;
  secrets: (workspaceId: string) => Promise<SigningSecrets>;
  timeoutMs: number;
  now: () => number;
}): ChannelProvider {
  return {
    channel: 'webhook',
    async send(message) {
      if (!message.url) throw new DeliveryError('the webhook has no url', false);
      const outcome = await callOut(
        {
          method: 'POST',
          url: message.url,
          headers: {},
          body: message.body,
          timeoutMs: options.timeoutMs,
          idempotencyKey: message.idempotencyKey,
        },
        { fetch: options.fetch, secrets: await options.secrets(message.workspaceId), nowMs: options.now() },
      );
      if (!outcome.ok) throw new DeliveryError(outcome.error, outcome.retry, { status: outcome.status });
      const id = (outcome.data as { id?: unknown } | null)?.id;
      return {
        providerMessageId:
          typeof id === 'string' || typeof id === 'number' ? String(id) : `http-${outcome.status}`,
      };
    },
  };
}
