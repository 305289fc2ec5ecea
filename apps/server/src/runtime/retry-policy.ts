import type { RetrySpec } from '@stagecraft/sdk';
import type { DeliveryOptions } from './types';

/**
 * How one delivery is tried again: HTTP steps, webhooks and channel providers' temporary
 * failures all follow it. A node's retry fields override the server's defaults one by one.
 */
export interface RetryPolicy {
  attempts: number;
  delayMs: number;
  backoff: 'fixed' | 'exponential';
  /** Whether an HTTP status is worth another try. */
  retries: (status: number) => boolean;
  /** No retry starts later than this after the delivery was queued; null: no budget. */
  budgetMs: number | null;
}

/** The default statuses retried: timeouts, rate limits, server errors. */
export const DEFAULT_RETRY_STATUSES = '408, 429, 5xx';

export function retryPolicy(spec: RetrySpec | undefined, defaults: DeliveryOptions): RetryPolicy {
  return {
    attempts: spec?.attempts ?? defaults.maxAttempts,
    delayMs: spec?.delayMs ?? defaults.backoffMs,
    backoff: spec?.backoff ?? 'exponential',
    retries: statusMatcher(spec?.statuses ?? DEFAULT_RETRY_STATUSES),
    budgetMs: spec?.budgetMs ?? null,
  };
}

/**
 * When the next attempt starts after `attempts` failed ones, or null when the policy gives up
 * (attempts used, or the next one would start after the budget).
 */
export function nextAttemptAt(
  policy: RetryPolicy,
  attempts: number,
  queuedAt: number,
  now: number,
): number | null {
  if (attempts >= policy.attempts) return null;
  const wait = policy.backoff === 'exponential' ? policy.delayMs * 2 ** (attempts - 1) : policy.delayMs;
  const at = now + wait;
  if (policy.budgetMs !== null && at > queuedAt + policy.budgetMs) return null;
  return at;
}

/** `408, 429, 5xx` as a test on a status. */
export function statusMatcher(list: string): (status: number) => boolean {
  const exact = new Set<number>();
  const classes = new Set<number>();
  for (const part of list.split(',')) {
    const item = part.trim().toLowerCase();
    if (/^[1-5]xx$/.test(item)) classes.add(Number(item[0]));
    else if (/^\d{3}$/.test(item)) exact.add(Number(item));
  }
  return (status) => exact.has(status) || classes.has(Math.floor(status / 100));
}
