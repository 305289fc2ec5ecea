import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * An onRequest hook allowing `perMinute` requests per credential (per client address for
     * requests without a valid one), counted in this process; null when `perMinute` is 0.
     */
    limitPerCredential: (group: string, perMinute: number) => onRequestAsyncHookHandler | null;
  }
}

/** What a request is counted as: its credential's row, else the address it came from. */
function rateKey(group: string, request: FastifyRequest): string {
  const credential = request.credential;
  return credential ? `${group}:${credential.kind}:${credential.id}` : `${group}:ip:${request.ip}`;
}

/**
 * Rate limits through `@fastify/rate-limit`, counted per process in memory: with several
 * processes a credential gets up to the limit from each (see docs/operations.md).
 */
export default fp(
  async function rateLimits(app: FastifyInstance) {
    await app.register(rateLimit, { global: false });
    app.decorate('limitPerCredential', (group: string, perMinute: number) => {
      if (perMinute <= 0) return null;
      return app.rateLimit({
        max: perMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => rateKey(group, request),
        errorResponseBuilder: (_request, context) =>
          new AppError('rate-limited', {
            message: `Too many requests with this credential: at most ${context.max} a minute. Send again in ${context.after} (the Retry-After header has the seconds).`,
          }),
      }) as onRequestAsyncHookHandler;
    });
  },
  { name: 'rate-limits', dependencies: ['auth'] },
);
