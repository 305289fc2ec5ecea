import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type ClvService, createClvService } from '../../analytics/clv';
import { scheduleClvFits } from '../../analytics/schedule';

declare module 'fastify' {
  interface FastifyInstance {
    /** Customer lifetime value models: fits on demand and the customer page's values. */
    clv: ClvService;
  }
}

/**
 * Decorates the CLV service and, when STAGECRAFT_CLV_FIT_HOURS is not 0, refits each workspace's
 * model on that schedule while the server runs (see docs/analytics.md).
 */
export default fp(
  async function analytics(app: FastifyInstance) {
    const clv = createClvService(app.database, app.now);
    app.decorate('clv', clv);
    const hours = app.config.clvFitHours;
    if (hours === 0) return;
    let schedule: { stop(): Promise<void> } | null = null;
    app.addHook('onReady', async () => {
      schedule = scheduleClvFits({
        clv,
        everyMs: hours * 3_600_000,
        exclusive: (key, fn) => app.database.exclusive(key, fn),
        log: app.log,
      });
    });
    app.addHook('onClose', async () => {
      await schedule?.stop();
    });
  },
  { name: 'analytics', dependencies: ['services'] },
);
