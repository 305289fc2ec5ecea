import type { RetrySpec } from '@stagecraft/sdk';
import { z } from 'zod';

/** `408, 429, 5xx`: status codes and classes (4xx, 5xx), separated by commas. */
const STATUS_LIST = /^\s*([1-5](\d\d|xx))(\s*,\s*[1-5](\d\d|xx))*\s*$/;

/**
 * Retry fields shared by the nodes that call out (HTTP request, send message). Each is optional:
 * left out, the server's default applies (5 attempts, 10 s doubling, 408, 429 and 5xx retried,
 * no time budget).
 */
export const RetryFields = {
  retryAttempts: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1 (1 means no retry)')
    .max(20, 'must be at most 20')
    .optional()
    .meta({ title: 'Attempts', description: 'Tries in all, the first included (default 5).' }),
  retryDelayMs: z
    .number({ error: 'must be a number' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must be 0 or more')
    .max(86_400_000, 'must be at most one day (86,400,000 ms)')
    .optional()
    .meta({ title: 'First retry after (ms)', description: 'Default 10,000 ms.' }),
  retryBackoff: z
    .enum(['fixed', 'exponential'], { error: 'must be "fixed" or "exponential"' })
    .optional()
    .meta({ title: 'Backoff', description: 'Exponential doubles the wait after each retry (default).' }),
  retryStatuses: z
    .string({ error: 'must be text' })
    .regex(STATUS_LIST, 'must list status codes or classes separated by commas, e.g. "408, 429, 5xx"')
    .optional()
    .meta({
      title: 'Retry on statuses',
      description: 'Default "408, 429, 5xx"; network errors and timeouts are always retried.',
    }),
  retryBudgetMs: z
    .number({ error: 'must be a number' })
    .int('must be a whole number of milliseconds')
    .min(1_000, 'must be at least 1,000 ms')
    .max(7 * 86_400_000, 'must be at most seven days')
    .optional()
    .meta({
      title: 'Give up after (ms)',
      description: 'No retry starts later than this after the first try.',
    }),
};

type RetryConfig = { [K in keyof typeof RetryFields]?: z.output<(typeof RetryFields)[K]> };

/** The retry fields a config sets, as the runtime reads them; undefined when none is set. */
export function retrySpecOf(config: RetryConfig): RetrySpec | undefined {
  const spec: RetrySpec = {};
  if (config.retryAttempts !== undefined) spec.attempts = config.retryAttempts;
  if (config.retryDelayMs !== undefined) spec.delayMs = config.retryDelayMs;
  if (config.retryBackoff !== undefined) spec.backoff = config.retryBackoff;
  if (config.retryStatuses !== undefined) spec.statuses = config.retryStatuses;
  if (config.retryBudgetMs !== undefined) spec.budgetMs = config.retryBudgetMs;
  return Object.keys(spec).length > 0 ? spec : undefined;
}
