import type { Effect } from './types';

/**
 * Why a run ended, in words for the customer page: the exit or goal event that ended it
 * (`exited: Order Completed`, `converted: Plan Upgraded`), else the step it ended at
 * (`completed at thanks`, `exited at stop`), else its status alone.
 */
export function exitReason(effects: readonly Effect[], status: string): string {
  const end = effects.findLast(
    (e) => e.type === 'step' && (e.kind === 'exited' || e.kind === 'converted' || e.kind === 'completed'),
  );
  if (end?.type !== 'step') return status;
  return end.event ? `${status}: ${end.event}` : `${status} at ${end.nodeId}`;
}
