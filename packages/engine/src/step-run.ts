import type { CompiledJourney, RunData } from '@stagecraft/compiler';
import { matchesEvent } from '@stagecraft/graph';
import { advance, isRecord, type PersistedSnapshot, restoreData } from './advance';
import { appendHistory, toMachineEvent } from './run-input';
import { historyEntry } from './tracked-events';
import type { Effect, Profile, RunInput, RunState, StepResult } from './types';

/**
 * Applies one input (event, timer, I/O result) to a run and returns the new state and the
 * effects to perform. Pure and total: an ended run, an event from before the run entered, a
 * timer for an old visit or a replaced wake time, or a malformed input return the same state with no effects; a
 * corrupted stored state ends the run as failed instead of throwing.
 *
 * Events are scoped to a run by arrival order, not by clocks: the caller applies a customer's
 * events in the order they arrived, so every event it gives a run arrived after the run
 * entered and counts, whatever its own timestamp says (clients batch events and send them
 * seconds later). Only the event that started the run is not seen again.
 */
export function stepRun(
  journey: CompiledJourney,
  state: RunState,
  input: RunInput,
  args: { profile: Profile; now: number },
): StepResult {
  const unchanged = { state, effects: [] };
  if (!isRecord(state) || state.status !== 'active') return unchanged;
  if (isReplacedTimer(state, input)) return unchanged;
  const event = toMachineEvent(input);
  if (!event) return unchanged;
  const now = args.now;
  try {
    const snapshot = state.snapshot as PersistedSnapshot;
    const value = isRecord(snapshot) ? snapshot.value : undefined;
    if (typeof value !== 'string' || !Object.hasOwn(journey.machine.states, value)) return failed(state, now);
    let data = restoreData(snapshot.context);
    let touched = false;
    const extra: Effect[] = [];
    if (event.type === 'event') {
      const arrived = event.event;
      // The trigger is not seen again; its own timestamp (`at`) only serves display and windows.
      if (arrived.id !== '' && arrived.id === data.trigger?.id) return unchanged;
      const kept = historyEntry(journey, arrived);
      if (kept) {
        data = Object.assign({}, data, { history: appendHistory(data.history, kept) });
        touched = true;
      }
      const conversion = recordConversion(journey, state, data, arrived, now);
      if (conversion) {
        data = Object.assign({}, data, { converted: true });
        extra.push(conversion);
        touched = true;
      }
    }
    const result = advance(journey, state, value, data, event, args.profile, now);
    if (result) return { state: result.state, effects: [...extra, ...result.effects] };
    if (!touched) return unchanged;
    return {
      state: Object.assign({}, state, { snapshot: { value, context: data } satisfies PersistedSnapshot }),
      effects: extra,
    };
  } catch {
    return failed(state, now);
  }
}

/** A timer set for an earlier time than the run now wakes at: its wait was moved, so it is stale. */
function isReplacedTimer(state: RunState, input: RunInput): boolean {
  if (!isRecord(input) || input.type !== 'timer' || typeof input.fireAt !== 'number') return false;
  return typeof state.wakeAt === 'number' && input.fireAt < state.wakeAt;
}

/** A journey goal that does not end the run still counts one conversion, within its window. */
function recordConversion(
  journey: CompiledJourney,
  state: RunState,
  data: RunData,
  event: { name: string; properties: Record<string, unknown>; at: number },
  now: number,
): Effect | null {
  const goal = journey.settings.goal;
  if (!goal || goal.exitOnGoal || data.converted) return null;
  if (now - data.enteredAt > goal.attributionWindowSeconds * 1000 || !matchesEvent(goal.event, event, now))
    return null;
  const nodeId = data.node ?? '';
  const visit = data.visits[nodeId] ?? 0;
  return {
    key: `${state.runId}:${nodeId}:${visit}:goal`,
    runId: state.runId,
    customerId: state.customerId,
    journeyId: journey.journeyId,
    nodeId,
    visit,
    type: 'step',
    kind: 'converted',
    port: null,
    at: now,
  };
}

function failed(state: RunState, now: number): StepResult {
  return { state: { ...state, status: 'failed', endedAt: now, wakeAt: null }, effects: [] };
}
