import type { CompiledJourney } from '@stagecraft/compiler';
import type { TimerSpec } from '@stagecraft/sdk';
import { isRecord, type PersistedSnapshot, restoreData } from './advance';
import { timerFireAt } from './timers';
import type { Effect, Profile, StepResult } from './types';

/**
 * Moves a run's pending wait on a profile date (say, 7 days before `renewal_date`) after the
 * profile changed: the wait's fire time is placed again against the new profile, as when the
 * run entered the wait. A new time already past fires at once; a removed or unreadable date
 * takes the wait's fallback and fires at once too. Null when nothing moves: the run is not
 * waiting on a profile date, its time is unchanged, or its timer is due already.
 *
 * The result schedules the timer again under the same id; the timer set before keeps its old
 * `fireAt` and changes nothing when it fires (see `stepRun`).
 */
export function rescheduleWait(
  journey: CompiledJourney,
  state: StepResult['state'],
  args: { profile: Profile; now: number },
): StepResult | null {
  if (!isRecord(state) || state.status !== 'active' || state.wakeAt === null || state.wakeAt <= args.now)
    return null;
  const snapshot = state.snapshot as PersistedSnapshot | null;
  if (!isRecord(snapshot)) return null;
  const timer = restoreData(snapshot.context).timer;
  if (!timer) return null;
  const spec = timerSpecs(journey).get(timer.nodeId);
  if (spec?.kind !== 'profile-date') return null;
  const fireAt = timerFireAt(spec, args.profile, args.now, journey.settings.timeZone);
  if (fireAt === state.wakeAt) return null;
  const effect: Effect = {
    key: `${state.runId}:${timer.nodeId}:${timer.visit}:timer`,
    runId: state.runId,
    customerId: state.customerId,
    journeyId: journey.journeyId,
    nodeId: timer.nodeId,
    visit: timer.visit,
    type: 'schedule-timer',
    timerId: `${state.runId}:${timer.nodeId}:${timer.visit}`,
    fireAt,
  };
  return { state: Object.assign({}, state, { wakeAt: fireAt }), effects: [effect] };
}

/** True when a journey has a wait on a profile date, so a profile change may move a run's timer. */
export function hasProfileDateWaits(journey: CompiledJourney): boolean {
  for (const spec of timerSpecs(journey).values()) if (spec.kind === 'profile-date') return true;
  return false;
}

const cache = new WeakMap<CompiledJourney, Map<string, TimerSpec>>();

/** Each timed node's timer, read from the machine definition's `schedule` entry actions. */
function timerSpecs(journey: CompiledJourney): Map<string, TimerSpec> {
  let specs = cache.get(journey);
  if (!specs) {
    specs = new Map();
    const states = isRecord(journey.definition.states) ? journey.definition.states : {};
    for (const state of Object.values(states)) {
      const entry = isRecord(state) && Array.isArray(state.entry) ? state.entry : [];
      for (const action of entry) {
        if (!isRecord(action) || action.type !== 'schedule' || !isRecord(action.params)) continue;
        const { nodeId, timer } = action.params as { nodeId?: unknown; timer?: unknown };
        if (typeof nodeId === 'string' && isRecord(timer)) specs.set(nodeId, timer as unknown as TimerSpec);
      }
    }
    cache.set(journey, specs);
  }
  return specs;
}
