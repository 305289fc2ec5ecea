import {
  type CompiledJourney,
  initialRunContext,
  type MachineEvent,
  type ProfileView,
  RUN_DATA_KEYS,
  type RunContext,
  type RunData,
  START_STATE,
} from '@stagecraft/compiler';
import { transition } from 'xstate';
import { type RunIdentity, translateOutputs } from './effects';
import type { Effect, Profile, RunState, RunStatus } from './types';

/** What RunState.snapshot holds: the machine's state value and its bookkeeping, nothing per-step. */
export interface PersistedSnapshot {
  value: string;
  context: RunData;
}

/** The result of one machine transition, or null when the input changed nothing. */
export interface Advanced {
  state: RunState;
  effects: Effect[];
}

/**
 * One step over XState: restore the persisted snapshot with `resolveState`, inject the profile
 * and the clock, `transition`, then strip them again and turn the step's outputs into effects.
 */
export function advance(
  journey: CompiledJourney,
  previous: RunState,
  value: string,
  data: RunData,
  event: MachineEvent,
  profile: Profile,
  now: number,
): Advanced | null {
  const run: RunIdentity = {
    runId: previous.runId,
    customerId: previous.customerId,
    journeyId: journey.journeyId,
  };
  const view = profileView(profile);
  const context: RunContext = { ...data, run, profile: view, now, out: [] };
  const snapshot = journey.machine.resolveState({ value, context });
  const [next] = transition(journey.machine, snapshot, event);
  if (next === snapshot) return null;

  const nextContext = next.context as RunContext;
  const persisted = persistedData(nextContext);
  const { effects, scheduledAt } = translateOutputs(journey, run, nextContext.out, view, persisted, now);
  const status = statusOf(next.status, String(next.value), persisted);
  let wakeAt: number | null = null;
  if (status === 'active' && persisted.timer !== null) wakeAt = scheduledAt ?? previous.wakeAt;
  return {
    state: {
      ...previous,
      status,
      endedAt: status === 'active' ? null : now,
      currentNodeId: persisted.node,
      wakeAt,
      snapshot: { value: String(next.value), context: persisted } satisfies PersistedSnapshot,
    },
    effects,
  };
}

function statusOf(machineStatus: string, value: string, data: RunData): RunStatus {
  if (machineStatus === 'done') return data.end ?? 'completed';
  if (machineStatus !== 'active' || value === START_STATE) return 'failed';
  return 'active';
}

/** The bookkeeping part of a context: exactly the persisted keys, so nothing per-step leaks into storage. */
export function persistedData(context: RunContext): RunData {
  const data = {} as Record<string, unknown>;
  for (const key of RUN_DATA_KEYS) data[key] = context[key];
  return data as unknown as RunData;
}

const DEFAULTS = initialRunContext();

/** Reads stored bookkeeping defensively: missing or mistyped fields fall back to a fresh run's. */
export function restoreData(stored: unknown): RunData {
  const source = isRecord(stored) ? stored : {};
  const pick = <K extends keyof RunData>(key: K, ok: (value: unknown) => boolean): RunData[K] =>
    (ok(source[key]) ? source[key] : DEFAULTS[key]) as RunData[K];
  const nullOr = (check: (value: unknown) => boolean) => (value: unknown) => value === null || check(value);
  return {
    visits: pick('visits', isRecord),
    node: pick(
      'node',
      nullOr((value) => typeof value === 'string'),
    ),
    stage: pick(
      'stage',
      nullOr((value) => typeof value === 'string'),
    ),
    path: pick('path', Array.isArray),
    enteredAt: pick('enteredAt', Number.isFinite),
    trigger: pick('trigger', nullOr(isRecord)),
    responses: pick('responses', isRecord),
    history: pick('history', Array.isArray),
    timer: pick('timer', nullOr(isRecord)),
    converted: pick('converted', (value) => typeof value === 'boolean'),
    end: pick(
      'end',
      nullOr((value) => typeof value === 'string'),
    ),
  };
}

/** The profile as the machine reads it, with every field of the expected type. */
export function profileView(profile: Profile): ProfileView & Profile {
  const source: Partial<Profile> = isRecord(profile) ? profile : {};
  return {
    customerId: typeof source.customerId === 'string' ? source.customerId : '',
    traits: isRecord(source.traits) ? source.traits : {},
    stage: typeof source.stage === 'string' ? source.stage : null,
    timeZone: typeof source.timeZone === 'string' ? source.timeZone : null,
    tags: Array.isArray(source.tags)
      ? source.tags.filter((tag): tag is string => typeof tag === 'string')
      : [],
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
