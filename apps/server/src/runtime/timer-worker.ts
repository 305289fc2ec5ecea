import { dateTriggerTimes, entryTriggers } from '@stagecraft/engine';
import type { RuntimeContext } from './context';
import { scheduleKey } from './customer-state';
import { isCurrentSchedule, setSchedule } from './date-triggers';
import { TIMER_QUEUE, type TimerJob, takeDueJobs } from './jobs';
import { runUnitOfWork } from './unit-of-work';

/**
 * Fires up to `limit` due timer jobs in one unit of work: claims them, steps each run with a
 * timer input (or enters a date or saved-segment trigger) and commits the resulting state, effects and follow-up
 * jobs with the claim — all or nothing. A timer of an older visit, an ended run or a replaced
 * schedule is completed without effect.
 */
export async function processTimers(ctx: RuntimeContext, limit: number): Promise<number> {
  const fired = await runUnitOfWork(ctx, {
    select: async (tx, changes) => {
      const jobs = await takeDueJobs<TimerJob>(tx.sql, TIMER_QUEUE, changes.now, limit, ctx.clockId);
      if (jobs.length === 0) return null;
      const schedules = jobs.some((j) => j.data.kind === 'date-trigger');
      return {
        keys: jobs.map((j) => ({ workspaceId: j.data.workspaceId, customerId: j.data.customerId })),
        load: { schedules, endedRuns: false },
        found: jobs.map((j) => j.data).sort((a, b) => a.fireAt - b.fireAt),
        jobs: jobs.map((j) => j.key),
      };
    },
    apply: async ({ tx, changes, processor, customer: customerOf }, jobs) => {
      for (const job of jobs) {
        const customer = customerOf(job);
        if (job.kind === 'run') {
          await processor.applyTimer(customer, job.runId, job);
          continue;
        }
        if (job.kind === 'segment') {
          const { live } = await ctx.catalog.workspace(tx.sql, job.workspaceId);
          const change = { type: 'segment' as const, segmentId: job.segmentId, change: job.change };
          for (const journey of live) {
            for (const nodeId of entryTriggers(journey, change)) {
              await processor.enter(customer, journey, nodeId, null);
            }
          }
          await processor.settle(customer);
          continue;
        }
        if (!isCurrentSchedule(customer, job)) continue;
        const { live } = await ctx.catalog.workspace(tx.sql, job.workspaceId);
        const journey = live.find((j) => j.journeyId === job.journeyId);
        if (!journey) {
          // Paused, archived or republished: this schedule belongs to a version that no longer admits anyone.
          customer.setSchedule(scheduleKey(job.journeyId, job.nodeId), null);
          changes.touch(customer);
          continue;
        }
        await processor.enter(customer, journey, job.nodeId, null);
        await processor.settle(customer);
        const next = dateTriggerTimes(journey, customer.profile, changes.now).find(
          (t) => t.nodeId === job.nodeId,
        );
        setSchedule(
          customer,
          journey,
          job.nodeId,
          next && next.fireAt > job.fireAt ? next.fireAt : null,
          changes,
        );
      }
      return jobs.length;
    },
  });
  return fired ?? 0;
}
