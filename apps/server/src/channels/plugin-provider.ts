import type { ChannelMessage, ChannelProviderDefinition, ProviderChannelName } from '@stagecraft/sdk';
import { withinBudget } from '../runtime/plugin-step';
import type { ChannelProvider, OutboundMessage, RuntimeLogger } from '../runtime/types';
import { DeliveryError } from '../runtime/webhook-channel';
import type { ProviderDeps } from './directory';

const ADDRESS: Record<ProviderChannelName, string> = {
  email: 'email address',
  sms: 'phone number',
  push: 'device token',
};

/**
 * A plugin's channel provider as the delivery path uses every provider: its `send` runs with the
 * guarded fetch and a time budget, and whatever it does wrong (throws, hangs, answers in the
 * wrong shape) becomes a delivery failure the retry policy handles, never an error of the server.
 */
export function pluginProvider(
  channel: ProviderChannelName,
  definition: ChannelProviderDefinition,
  settings: Record<string, unknown>,
  deps: ProviderDeps,
): ChannelProvider {
  const log = logOf(deps.log, definition.id);
  return {
    channel,
    ...(typeof settings.from === 'string' ? { sender: settings.from } : {}),
    async send(message: OutboundMessage) {
      if (!message.to) throw new DeliveryError(`the message has no ${ADDRESS[channel]}`, false);
      const result: unknown = await withinBudget(deps.timeoutMs, (signal) =>
        definition.send(channelMessage(channel, message, message.to as string), settings, {
          fetch: deps.fetch,
          log,
          signal,
        }),
      );
      if (
        typeof result !== 'object' ||
        result === null ||
        typeof (result as { ok?: unknown }).ok !== 'boolean'
      )
        throw new DeliveryError(`provider ${definition.id} answered without a boolean "ok"`, true);
      const answer = result as {
        ok: boolean;
        providerMessageId?: unknown;
        error?: unknown;
        retry?: unknown;
        suppress?: unknown;
      };
      if (answer.ok) {
        if (typeof answer.providerMessageId !== 'string' || answer.providerMessageId === '')
          throw new DeliveryError(`provider ${definition.id} answered ok without a providerMessageId`, true);
        return { providerMessageId: answer.providerMessageId.slice(0, 500) };
      }
      throw new DeliveryError(
        String(answer.error ?? `provider ${definition.id} reported failure`).slice(0, 2_000),
        answer.retry === true,
        { suppress: answer.suppress === true },
      );
    },
  };
}

function channelMessage(channel: ProviderChannelName, message: OutboundMessage, to: string): ChannelMessage {
  return {
    id: message.id,
    idempotencyKey: message.idempotencyKey,
    workspaceId: message.workspaceId,
    customerId: message.customerId,
    channel,
    to,
    subject: message.subject,
    body: message.body,
    ...(message.email ? { email: message.email } : {}),
    ...(message.statusCallbackUrl ? { statusCallbackUrl: message.statusCallbackUrl } : {}),
  };
}

function logOf(log: RuntimeLogger | undefined, provider: string) {
  return (message: string, data?: Record<string, unknown>) =>
    log?.info({ provider, data: data ?? {} }, String(message).slice(0, 2_000));
}
