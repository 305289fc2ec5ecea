import { AppError } from '../errors';
import type { MessageOrigin } from '../repositories/messages';
import { deliveryEvent } from '../runtime/delivery-worker';
import type { IngestMessage, Runtime } from '../runtime/types';
import { CONSENT_TRAITS, type ConsentChannel, consentChange } from './consent';
import type { LinkPayload } from './links';

/** What recording a link's events needs. */
export interface LinkEventDeps {
  /** The journey, node, channel and name of a customer's message, or null when there is none. */
  origin: (workspaceId: string, customerId: string, messageId: string) => Promise<MessageOrigin | null>;
  runtime: Pick<Runtime, 'ingest'>;
  now: () => number;
}

/** One delivery event a link stands for; `suffix` keeps repeated ones (clicks on other links) apart. */
export interface LinkEvent {
  name: string;
  extra?: Record<string, unknown>;
  suffix?: string;
}

/**
 * Stores events reached through a signed link (unsubscribes, opens, clicks, provider reports) on
 * the message's customer, with the message's journey and node, and traits to set first (a consent
 * change). A token for a message that does not exist is refused as an invalid link.
 */
export async function recordLinkEvents(
  deps: LinkEventDeps,
  payload: LinkPayload,
  events: LinkEvent[],
  traits?: Record<string, unknown>,
): Promise<void> {
  const origin = await deps.origin(payload.w, payload.c, payload.m);
  if (!origin) throw new AppError('invalid-link');
  const now = deps.now();
  const message = { id: payload.m, customerId: payload.c, ...origin, channel: origin.channel ?? payload.ch };
  const batch: IngestMessage[] = [];
  if (traits) batch.push(consentChange(payload.c, traits, `${payload.m}:consent:${now}`, now));
  for (const e of events) batch.push(deliveryEvent(message, e.name, now, e.extra, e.suffix));
  await deps.runtime.ingest(payload.w, batch);
}

/**
 * Unsubscribes the message's customer from the message's channel: consent `unsubscribed` at
 * once and an `Unsubscribed` event. The one home of an unsubscribe, by link, one-click or mail.
 */
export function unsubscribeByLink(deps: LinkEventDeps, payload: LinkPayload): Promise<void> {
  const channel = (payload.ch in CONSENT_TRAITS ? payload.ch : 'email') as ConsentChannel;
  return recordLinkEvents(deps, payload, [{ name: 'Unsubscribed' }], {
    [CONSENT_TRAITS[channel]]: 'unsubscribed',
  });
}
