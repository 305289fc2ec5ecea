import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors';

/** How long a count of pending events is trusted: one bounded count a second per process at most. */
const FRESH_MS = 1_000;
/** What Retry-After asks of clients while the backlog is over the cap. */
const RETRY_AFTER_SECONDS = 10;

/**
 * An onRequest hook for /v1 that answers 503 with Retry-After while more than `cap` stored
 * events wait to be applied. The count is read at most once a second, shared by the requests
 * that arrive meanwhile, and a failed count lets requests through (storing them is still safe).
 */
export function backlogGuard(
  count: (atMost: number) => Promise<number>,
  cap: number,
  now: () => number,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  let known: { pending: number; at: number } | null = null;
  let reading: Promise<number> | null = null;

  async function pending(): Promise<number> {
    if (known && now() - known.at < FRESH_MS) return known.pending;
    reading ??= count(cap + 1)
      .then((value) => {
        known = { pending: value, at: now() };
        return value;
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  }

  return async (request, reply) => {
    let waiting: number;
    try {
      waiting = await pending();
    } catch (error) {
      request.log.warn({ err: error }, 'counting pending events failed; accepting the request');
      return;
    }
    if (waiting <= cap) return;
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    throw new AppError('ingestion-backlog');
  };
}
