import type { z } from 'zod';

/** The channels a provider can deliver (webhooks are built in and need none). */
export type ProviderChannelName = 'email' | 'sms' | 'push';

/** A message as a provider receives it: rendered, addressed, with its idempotency key. */
export interface ChannelMessage {
  /** The message's id; stable across retries. */
  id: string;
  /** The same on every attempt: pass it on so the provider never sends twice. */
  idempotencyKey: string;
  workspaceId: string;
  customerId: string;
  channel: ProviderChannelName;
  /** Email address, phone number or device token. */
  to: string;
  subject: string | null;
  body: string;
  /** Email only: the HTML and text parts and headers the server built (tracking, unsubscribe). */
  email?: { html: string; text: string; headers: Record<string, string>; messageId: string };
  /** SMS and push: where the provider may report delivery. */
  statusCallbackUrl?: string;
}

/** I/O a provider may use; the server injects real implementations. */
export interface ChannelSendDeps {
  /** The server's guarded fetch (internal addresses refused unless the operator allows them). */
  fetch: typeof globalThis.fetch;
  log: (message: string, data?: Record<string, unknown>) => void;
  /** Aborts when the server gives up on the call. */
  signal: AbortSignal;
}

/**
 * What came of a send. A failure says whether trying again can help, and `suppress` marks an
 * address that can never receive (a hard bounce, an unknown number).
 */
export type ChannelSendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; error: string; retry: boolean; suppress?: boolean };

/**
 * A channel provider a workspace can pick in Channels settings: its settings (secret fields
 * marked with `.meta({ secret: true })`) and how it sends one message with them.
 */
export interface ChannelProviderDefinition<Schema extends z.ZodObject = z.ZodObject> {
  /** Stable id, namespaced like node types: `acme/postmark`. */
  id: string;
  title: string;
  channels: readonly ProviderChannelName[];
  settingsSchema: Schema;
  send(
    message: ChannelMessage,
    settings: z.output<Schema>,
    deps: ChannelSendDeps,
  ): Promise<ChannelSendResult>;
}

/** Declares a channel provider; returns it unchanged, typed from its settings schema. */
export function defineChannelProvider<Schema extends z.ZodObject>(
  definition: ChannelProviderDefinition<Schema>,
): ChannelProviderDefinition<Schema> {
  return definition;
}
