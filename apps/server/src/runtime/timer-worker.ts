import { dateTriggerTimes } from '@stagecraft/engine';
import { ChangeSet } from './changes';
import { commitChanges } from './commit';
import type { RuntimeContext } from './context';
import { customerKey, loadCustomers, lockCustomers, scheduleKey } from './customer-state';
import { isCurrentSchedule, setSchedule } from './date-triggers';
import { TIMER_QUEUE, type TimerJob, takeDueJobs } from './jobs';
import { Processor } from './processor';

/**
 * Fires up to `limit` due timer jobs in one transaction: claims them, locks their customers,
 * steps each run with a timer input (or enters a date trigger), commits the resulting state,
 * effects and follow-up jobs, and completes the claimed jobs — all or nothing. A timer of an
 * older visit, an ended run or a replaced schedule is completed without effect.
 */
export async function processTimers(ctx: RuntimeContext, limit: number): Promise<number> {
  const result = await ctx.database.transaction(async (tx) => {
    const now = ctx.now();
    const jobs = await takeDueJobs<TimerJob>(tx.sql, TIMER_QUEUE, now, limit);
    if (jobs.length === 0) return { fired: 0, deliveries: 0 };
    const keys = jobs.map((j) => ({ workspaceId: j.data.workspaceId, customerId: j.data.customerId }));
    await lockCustomers(tx.sql, keys);
    const changes = new ChangeSet(now);
    const schedules = jobs.some((j) => j.data.kind === 'date-trigger');
    const customers = await loadCustomers(tx.sql, keys, now, { schedules, endedRuns: false });
    const processor = new Processor(
      { catalog: ctx.catalog, log: ctx.log, channels: new Set(ctx.channels.keys()) },
      tx.sql,
      changes,
    );
    for (const { data: job } of jobs.sort((a, b) => a.data.fireAt - b.data.fireAt)) {
      const customer = customers.get(customerKey(job))!;
      if (job.kind === 'run') {
        await processor.applyTimer(customer, job.runId, job.nodeId, job.visit);
        continue;
      }
      if (!isCurrentSchedule(customer, job)) continue;
      const { live } = await ctx.catalog.workspace(tx.sql, job.workspaceId);
      const journey = live.find((j) => j.journeyId === job.journeyId);
      if (!journey) {
        // Paused, archived or republished: this schedule belongs to a version that no longer admits anyone.
        const key = scheduleKey(job.journeyId, job.nodeId);
        customer.schedules.delete(key);
        customer.schedulesChanged.add(key);
        changes.touch(customer);
        continue;
      }
      await processor.enter(customer, journey, job.nodeId, null);
      await processor.settle(customer);
      const next = dateTriggerTimes(journey, customer.profile, now).find((t) => t.nodeId === job.nodeId);
      setSchedule(
        customer,
        journey,
        job.nodeId,
        next && next.fireAt > job.fireAt ? next.fireAt : null,
        changes,
      );
    }
    const { delivered } = await commitChanges(tx, ctx.boss, changes);
    return { fired: jobs.length, deliveries: delivered };
  });
  if (result.deliveries > 0) ctx.wake('deliveries');
  return result.fired;
}
