import type { IngestMessage } from '../runtime/types';

/** A customer's consent on one channel. */
export type ConsentStatus = 'subscribed' | 'unsubscribed' | 'unknown';
export type ConsentChannel = 'email' | 'sms' | 'push';

/** The trait that holds each channel's consent, set by identify calls, the API and unsubscribe links. */
export const CONSENT_TRAITS: Record<ConsentChannel, string> = {
  email: 'email_consent',
  sms: 'sms_consent',
  push: 'push_consent',
};

/**
 * A consent trait's value as a status: "subscribed"/"unsubscribed" (any case), true/false, or
 * "opted_in"/"opted_out"; anything else is unknown.
 */
export function consentStatus(value: unknown): ConsentStatus {
  if (value === true) return 'subscribed';
  if (value === false) return 'unsubscribed';
  if (typeof value !== 'string') return 'unknown';
  const v = value.trim().toLowerCase();
  if (v === 'subscribed' || v === 'opted_in' || v === 'true') return 'subscribed';
  if (v === 'unsubscribed' || v === 'opted_out' || v === 'false') return 'unsubscribed';
  return 'unknown';
}

/** Every channel's consent from a profile's traits. */
export function consentOf(traits: Record<string, unknown>): Record<ConsentChannel, ConsentStatus> {
  return {
    email: consentStatus(traits[CONSENT_TRAITS.email]),
    sms: consentStatus(traits[CONSENT_TRAITS.sms]),
    push: consentStatus(traits[CONSENT_TRAITS.push]),
  };
}

/** The identify call that sets consent traits on a customer at `now`, as an unsubscribe or the API does. */
export function consentChange(
  customerId: string,
  traits: Record<string, unknown>,
  messageId: string,
  now: number,
): IngestMessage {
  return {
    messageId,
    type: 'identify',
    userId: customerId,
    event: null,
    properties: {},
    traits,
    timestamp: now,
    receivedAt: now,
    context: {},
  };
}
