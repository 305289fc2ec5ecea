import { type CompiledJourney, initialRunContext, type RunData, START_STATE } from '@stagecraft/compiler';
import { advance, persistedData } from './advance';
import { toRunEvent } from './run-input';
import { historyEntry } from './tracked-events';
import type { CustomerEvent, Profile, RunState, StepResult } from './types';

export interface StartRunArgs {
  runId: string;
  customerId: string;
  triggerNodeId: string;
  /** The event that let the customer in, or null for API, segment, attribute and date entries. */
  event: CustomerEvent | null;
  profile: Profile;
  now: number;
}

/**
 * Starts a customer's run at a trigger node and takes it as far as it goes at once: through
 * actions and branches to the first wait or the end. Never throws; a trigger the journey does
 * not have gives a run that failed at once, with no effects.
 */
export function startRun(journey: CompiledJourney, args: StartRunArgs): StepResult {
  const fresh = initialRunContext();
  const data: RunData = Object.assign(persistedData(fresh), { enteredAt: args.now });
  const state: RunState = {
    runId: args.runId,
    customerId: args.customerId,
    journeyId: journey.journeyId,
    version: journey.version,
    status: 'active',
    enteredAt: args.now,
    endedAt: null,
    currentNodeId: null,
    wakeAt: null,
    snapshot: { value: START_STATE, context: data },
  };
  try {
    const trigger = toRunEvent(args.event);
    const isTrigger = journey.triggers.some((candidate) => candidate.nodeId === args.triggerNodeId);
    if (!isTrigger) return failedAtOnce(state, args.now);
    const kept = trigger === null ? null : historyEntry(journey, trigger);
    const entered: RunData = Object.assign({}, data, { trigger, history: kept ? [kept] : [] });
    const event = { type: 'enter' as const, triggerNodeId: args.triggerNodeId, event: trigger };
    const result = advance(journey, state, START_STATE, entered, event, args.profile, args.now);
    return result ?? failedAtOnce(state, args.now);
  } catch {
    return failedAtOnce(state, args.now);
  }
}

function failedAtOnce(state: RunState, now: number): StepResult {
  return { state: { ...state, status: 'failed', endedAt: now }, effects: [] };
}
