import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type ClvService, createClvService } from '../../analytics/clv';
import { scheduleClvFits } from '../../analytics/schedule';
import { type PeriodicJob, runPeriodically } from '../../periodic-job';
import { createSegmentService, type SegmentService } from '../../segments/service';

declare module 'fastify' {
  interface FastifyInstance {
    /** Customer lifetime value models: fits on demand and the customer page's values. */
    clv: ClvService;
    /** Saved segments and their incrementally kept membership. */
    segments: SegmentService;
  }
}

/** Runs an incremental membership pass every STAGECRAFT_SEGMENT_SECONDS while the server runs. */
function keepSegmentsCurrent(app: FastifyInstance, segments: SegmentService) {
  const seconds = app.config.segmentSeconds;
  if (seconds === 0) return;
  let job: PeriodicJob | null = null;
  app.addHook('onReady', async () => {
    job = runPeriodically({
      firstMs: seconds * 1000,
      everyMs: seconds * 1000,
      run: async () => {
        await segments.sweep();
      },
      onError: (error) => app.log.warn({ err: error }, 'segment membership pass failed'),
    });
  });
  app.addHook('onClose', async () => {
    await job?.stop();
  });
}

/**
 * Decorates the segment service (see keepSegmentsCurrent), the CLV service and, when STAGECRAFT_CLV_FIT_HOURS is not 0, refits each workspace's
 * model on that schedule while the server runs (see docs/analytics.md).
 */
export default fp(
  async function analytics(app: FastifyInstance) {
    const clv = createClvService(app.database, app.now);
    app.decorate('clv', clv);
    const segments = createSegmentService(app.database, app.now);
    app.decorate('segments', segments);
    keepSegmentsCurrent(app, segments);
    const hours = app.config.clvFitHours;
    if (hours === 0) return;
    let schedule: { stop(): Promise<void> } | null = null;
    app.addHook('onReady', async () => {
      schedule = scheduleClvFits({
        clv,
        everyMs: hours * 3_600_000,
        exclusive: (key, fn) => app.database.exclusive(key, fn),
        log: app.log,
        now: app.now,
      });
    });
    app.addHook('onClose', async () => {
      await schedule?.stop();
    });
  },
  { name: 'analytics', dependencies: ['services'] },
);
