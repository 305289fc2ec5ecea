import type { CompiledJourney } from '@stagecraft/compiler';
import { dateTriggerTimes } from '@stagecraft/engine';
import type { ChangeSet } from './changes';
import { type CustomerRecord, scheduleKey } from './customer-state';
import { TIMER_QUEUE, type TimerJob } from './jobs';

/**
 * Recomputes when each date trigger of the live journeys next fires for this customer (say,
 * 30 days before renewal_date at 09:00 local) and schedules a timer job for every change.
 * Old jobs stay in the queue and are ignored when they fire, because the stored time differs.
 */
export function rescheduleDateTriggers(
  customer: CustomerRecord,
  live: CompiledJourney[],
  changes: ChangeSet,
): void {
  // Without the stored schedules every trigger would look new; callers load them when dates can change.
  if (!customer.schedulesLoaded) return;
  for (const journey of live) {
    const dateNodes = journey.triggers.filter((t) => t.spec.kind === 'date').map((t) => t.nodeId);
    if (dateNodes.length === 0) continue;
    const times = new Map(
      dateTriggerTimes(journey, customer.profile, changes.now).map((t) => [t.nodeId, t.fireAt]),
    );
    for (const nodeId of dateNodes) {
      setSchedule(customer, journey, nodeId, times.get(nodeId) ?? null, changes);
    }
  }
}

/** Stores (or clears) one date trigger's next firing and enqueues its timer job. */
export function setSchedule(
  customer: CustomerRecord,
  journey: CompiledJourney,
  nodeId: string,
  fireAt: number | null,
  changes: ChangeSet,
): void {
  const key = scheduleKey(journey.journeyId, nodeId);
  const current = customer.schedules.get(key);
  if (current?.fireAt === fireAt && current.version === journey.version) return;
  if (!current && fireAt === null) return;
  changes.touch(customer);
  if (fireAt === null) {
    customer.setSchedule(key, null);
    return;
  }
  customer.setSchedule(key, { journeyId: journey.journeyId, nodeId, version: journey.version, fireAt });
  const job: TimerJob = {
    kind: 'date-trigger',
    workspaceId: customer.workspaceId,
    customerId: customer.customerId,
    journeyId: journey.journeyId,
    version: journey.version,
    nodeId,
    fireAt,
  };
  changes.jobs.push({ name: TIMER_QUEUE, data: job, startAt: fireAt });
}

/**
 * True when a fired date-trigger job is still the customer's current schedule; a job left over
 * from an earlier date, version or profile is stale and must do nothing.
 */
export function isCurrentSchedule(
  customer: CustomerRecord,
  job: Extract<TimerJob, { kind: 'date-trigger' }>,
): boolean {
  const current = customer.schedules.get(scheduleKey(job.journeyId, job.nodeId));
  return current !== undefined && current.fireAt === job.fireAt && current.version === job.version;
}
