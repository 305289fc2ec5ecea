import type { GuardedFetch } from '../outbound/index';
import { callOut } from '../runtime/http-call';
import type { SigningSecrets } from '../runtime/signature';
import type { ChannelProvider, OutboundMessage } from '../runtime/types';
import { DeliveryError } from '../runtime/webhook-channel';
import type { HttpProviderSettings } from './settings';

/**
 * A generic HTTP provider for SMS or push: POSTs the message as JSON, signed like every outbound
 * request (X-Stagecraft-Signature) with the message's Idempotency-Key. A 2xx answer is sent (its
 * JSON `id` becomes the provider id); 410 means the address can never receive (suppressed).
 */
export function httpProvider(
  channel: 'sms' | 'push',
  settings: HttpProviderSettings,
  deps: { fetch: GuardedFetch; secrets: (workspaceId: string) => Promise<SigningSecrets>; now: () => number },
  timeoutMs: number,
): ChannelProvider {
  return {
    channel,
    async send(message: OutboundMessage) {
      if (!message.to)
        throw new DeliveryError(
          `the message has no ${channel === 'sms' ? 'phone number' : 'device token'}`,
          false,
        );
      const body = JSON.stringify({
        id: message.id,
        channel,
        to: message.to,
        ...(message.subject ? { title: message.subject } : {}),
        body: message.body,
        customerId: message.customerId,
        ...(message.statusCallbackUrl ? { statusCallbackUrl: message.statusCallbackUrl } : {}),
      });
      const outcome = await callOut(
        {
          method: 'POST',
          url: settings.url,
          headers: settings.headers,
          body,
          timeoutMs,
          idempotencyKey: message.idempotencyKey,
        },
        { fetch: deps.fetch, secrets: await deps.secrets(message.workspaceId), nowMs: deps.now() },
      );
      if (outcome.ok) {
        const id = (outcome.data as { id?: unknown } | null)?.id;
        return {
          providerMessageId:
            typeof id === 'string' || typeof id === 'number' ? String(id) : `http-${outcome.status}`,
        };
      }
      throw new DeliveryError(outcome.error, outcome.retry, {
        status: outcome.status,
        suppress: outcome.status === 410,
      });
    },
  };
}
