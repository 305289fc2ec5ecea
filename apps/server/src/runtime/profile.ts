import { isValidTimeZone } from '@stagecraft/graph';
import type { CustomerRecord } from './customer-state';

/** Where Segment clients put a customer's zone: `context.timezone`, or a trait some senders use. */
function sentTimeZone(context: Record<string, unknown>, traits: Record<string, unknown>): unknown {
  return context.timezone ?? traits.timezone ?? traits.timeZone ?? traits.time_zone;
}

/**
 * Applies a zone the customer sent: a valid IANA name is kept; anything else leaves the customer
 * without a zone (so the journey's or the workspace's is used, whatever it is when a time is
 * placed) and is remembered in `invalidTimeZone`, so the fallback shows on the customer.
 * Returns true when the profile changed.
 */
export function applyTimeZone(
  customer: CustomerRecord,
  context: Record<string, unknown>,
  traits: Record<string, unknown>,
): boolean {
  const sent = sentTimeZone(context, traits);
  if (sent === undefined || sent === null || sent === '') return false;
  const valid = typeof sent === 'string' && isValidTimeZone(sent);
  const zone = valid ? sent : null;
  const invalid = valid ? null : String(sent).slice(0, 100);
  if (customer.profile.timeZone === zone && customer.invalidTimeZone === invalid) return false;
  customer.profile = { ...customer.profile, timeZone: zone };
  customer.invalidTimeZone = invalid;
  customer.markRowChanged();
  return true;
}

/** Segment semantics: traits are merged key by key; a later value replaces an earlier one. */
export function mergeTraits(customer: CustomerRecord, traits: Record<string, unknown>): boolean {
  const keys = Object.keys(traits);
  if (keys.length === 0) return false;
  const current = customer.profile.traits;
  if (keys.every((k) => Object.is(current[k], traits[k]) && k in current)) return false;
  customer.profile = { ...customer.profile, traits: { ...current, ...traits } };
  customer.markRowChanged();
  return true;
}
