import {
  type CompiledJourney,
  initialRunContext,
  type MachineEvent,
  type ProfileView,
  type RUN_DATA_KEYS,
  type RunContext,
  type RunData,
  START_STATE,
} from '@stagecraft/compiler';
import { type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
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
  // Spelled out rather than spread: object spread is the slowest part of a step otherwise.
  const context: RunContext = {
    visits: data.visits,
    node: data.node,
    stage: data.stage,
    path: data.path,
    enteredAt: data.enteredAt,
    trigger: data.trigger,
    responses: data.responses,
    history: data.history,
    timer: data.timer,
    converted: data.converted,
    end: data.end,
    run,
    profile: view,
    now,
    out: [],
    owner: null,
  };
  const snapshot = restoreSnapshot(journey.machine, value, context);
  const next = journey.machine.transition(snapshot, event, inertScope(journey.machine));
  if (next === snapshot) return null;

  const nextContext = next.context as RunContext;
  const persisted = persistedData(nextContext);
  const { effects, scheduledAt } = translateOutputs(journey, run, nextContext.out, view, persisted, now);
  const status = statusOf(next.status, String(next.value), persisted);
  let wakeAt: number | null = null;
  if (status === 'active' && persisted.timer !== null) wakeAt = scheduledAt ?? previous.wakeAt;
  if (status === 'active' && isPassedThrough(journey, String(next.value))) {
    effects.push(continuation(run, String(next.value), persisted.visits[String(next.value)] ?? 0, now));
    wakeAt = now;
  }
  const state: RunState = {
    runId: previous.runId,
    customerId: previous.customerId,
    journeyId: previous.journeyId,
    version: previous.version,
    status,
    enteredAt: previous.enteredAt,
    endedAt: status === 'active' ? null : now,
    currentNodeId: persisted.node,
    wakeAt,
    snapshot: { value: String(next.value), context: persisted } satisfies PersistedSnapshot,
  };
  return { state, effects };
}

/** A state the run leaves at once unless its step grew too large: resting there means "go on". */
function isPassedThrough(journey: CompiledJourney, value: string): boolean {
  const states = journey.definition.states as Record<string, { always?: unknown[] }> | undefined;
  return (states?.[value]?.always?.length ?? 0) > 0;
}

function continuation(run: RunIdentity, nodeId: string, visit: number, now: number): Effect {
  return {
    key: `${run.runId}:${nodeId}:${visit}:continue`,
    runId: run.runId,
    customerId: run.customerId,
    journeyId: run.journeyId,
    nodeId,
    visit,
    type: 'continue',
    at: now,
  };
}

const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

/**
 * What XState's `transition()` builds on every call (an actor that is never started, with a
 * system of its own), built once per machine instead: that construction cost more than the
 * transition itself. Sharing it is safe because compiled journeys only assign context — no
 * spawned or invoked actors, no delayed events — and a transition runs synchronously.
 *
 * Why by hand: XState offers no public way to reuse that scope, so this builds the actor scope
 * (an internal shape) and calls `machine.transition` with it. That leans on the exact xstate
 * version pinned in package.json; advance.test.ts fails if a new version's scope gains members
 * or its transitions differ from the public `transition()`, so an upgrade is checked there first.
 */
export function inertScope(machine: AnyStateMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      stopChild: () => {},
      emit: () => {},
      actionExecutor: () => {},
    };
    scopes.set(machine, scope);
  }
  return scope;
}

const resolved = new WeakMap<AnyStateMachine, Map<string, AnyMachineSnapshot>>();

/**
 * The machine snapshot at a state value with the given context. `resolveState` visits every
 * state of the machine (XState checks the root for a final child), so its result is kept per
 * state value and only the context is replaced: restoring stays cheap in 1,000-node journeys.
 */
function restoreSnapshot(machine: AnyStateMachine, value: string, context: RunContext): AnyMachineSnapshot {
  let byValue = resolved.get(machine);
  if (!byValue) {
    byValue = new Map();
    resolved.set(machine, byValue);
  }
  let template = byValue.get(value);
  if (!template) {
    template = machine.resolveState({ value, context: {} });
    byValue.set(value, template);
  }
  return Object.assign({}, template, { context });
}

function statusOf(machineStatus: string, value: string, data: RunData): RunStatus {
  if (machineStatus === 'done') return data.end ?? 'completed';
  if (machineStatus !== 'active' || value === START_STATE) return 'failed';
  return 'active';
}

/** The bookkeeping part of a context: exactly the persisted keys, so nothing per-step leaks into storage. */
export function persistedData(context: RunContext): RunData {
  return {
    visits: context.visits,
    node: context.node,
    stage: context.stage,
    path: context.path,
    enteredAt: context.enteredAt,
    trigger: context.trigger,
    responses: context.responses,
    history: context.history,
    timer: context.timer,
    converted: context.converted,
    end: context.end,
  } satisfies Record<(typeof RUN_DATA_KEYS)[number], unknown>;
}

const DEFAULTS = initialRunContext();

/** Reads stored bookkeeping defensively: missing or mistyped fields fall back to a fresh run's. */
export function restoreData(stored: unknown): RunData {
  const source = isRecord(stored) ? (stored as Partial<RunData>) : {};
  return {
    visits: isRecord(source.visits) ? source.visits : {},
    node: stringOrNull(source.node),
    stage: stringOrNull(source.stage),
    path: Array.isArray(source.path) ? source.path : [],
    enteredAt: Number.isFinite(source.enteredAt) ? (source.enteredAt as number) : DEFAULTS.enteredAt,
    trigger: isRecord(source.trigger) ? source.trigger : null,
    responses: isRecord(source.responses) ? source.responses : {},
    history: Array.isArray(source.history) ? source.history : [],
    timer: isRecord(source.timer) ? source.timer : null,
    converted: source.converted === true,
    end: stringOrNull(source.end) as RunData['end'],
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The profile as the machine reads it, with every field of the expected type. */
export function profileView(profile: Profile): ProfileView & Profile {
  const source: Partial<Profile> = isRecord(profile) ? profile : {};
  return {
    customerId: typeof source.customerId === 'string' ? source.customerId : '',
    traits: isRecord(source.traits) ? source.traits : {},
    stage: typeof source.stage === 'string' ? source.stage : null,
    timeZone: typeof source.timeZone === 'string' ? source.timeZone : null,
    workspaceTimeZone: typeof source.workspaceTimeZone === 'string' ? source.workspaceTimeZone : null,
    tags: Array.isArray(source.tags)
      ? source.tags.filter((tag): tag is string => typeof tag === 'string')
      : [],
    segments: Array.isArray(source.segments) ? source.segments : null,
    clv: isRecord(source.clv) ? (source.clv as Profile['clv']) : null,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
