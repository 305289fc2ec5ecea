import type { CompiledJourney, Diagnostic } from '@stagecraft/compiler';
import { isValidTimeZone } from '@stagecraft/graph';
import type { ExecuteResult } from '@stagecraft/sdk';
import { applyProfileEffects } from '../apply-profile-effects';
import { dateTriggerTimes, type EntryChange, entryTriggers, mayEnter } from '../entry';
import { checkNodeMap, migrateRun } from '../migrate-run';
import { rescheduleWait } from '../reschedule-wait';
import { startRun } from '../start-run';
import { stepRun } from '../step-run';
import type { CustomerEvent, Effect, Profile, RunInput, RunState, StepResult } from '../types';
import { BudgetMeter, type SimulationBudget } from './budget';
import {
  buildReport,
  buildSummary,
  countStep,
  type SimulationReport,
  type SimulationSummary,
  type StepCounts,
} from './report';
import { TimerQueue } from './timer-queue';

export {
  DEFAULT_SIMULATION_LIMITS,
  type SimulationBudget,
  type SimulationLimit,
  SimulationLimitError,
  type SimulationLimits,
} from './budget';
export type { NodeCounts, SimulatedRun, SimulationReport, SimulationSummary } from './report';

export interface SimulationOptions {
  /** Where the virtual clock starts, epoch milliseconds. */
  start: number;
  /** Answers HTTP and plugin effects; by default every call succeeds with no data. */
  respond?: (effect: Effect) => ExecuteResult;
  /** Limits on steps, timers, effects and time; past one, a call throws `SimulationLimitError`. */
  budget?: SimulationBudget;
  /**
   * Keep every effect for `report()` (the default). False counts effects by type and keeps
   * none, for large simulations read through `summary()`; the `effects` limit then counts
   * kept effects only, so it does not bound them.
   */
  keepEffects?: boolean;
  /** The workspace's zone, for customers without one in a journey that names none (UTC when absent). */
  workspaceTimeZone?: string;
}

/** A journey running for test customers on a virtual clock. */
export interface Simulation {
  /** Creates or updates a profile (traits are merged) and fires segment, attribute and date triggers. */
  identify(customerId: string, traits: Record<string, unknown>, options?: { timeZone?: string }): void;
  /** The customer does something, now on the virtual clock. */
  track(customerId: string, name: string, properties?: Record<string, unknown>): void;
  /**
   * Events that arrive together, now on the virtual clock, in the order given, each with the
   * time its client stamped (`at`, epoch ms; now when omitted), as a batching Segment library
   * sends them. Like the runtime, runs see them by arrival order, whatever the stamps say.
   */
  batch(customerId: string, events: readonly BatchedEvent[]): void;
  /** Enters the customer through the API: at the given trigger, or at the journey's API trigger. */
  enter(customerId: string, triggerNodeId?: string): void;
  /** Moves the clock forward, firing due timers in time order. */
  advance(ms: number): void;
  advanceTo(epochMs: number): void;
  /**
   * Moves the runs waiting at mapped nodes of the version customers enter now to `to`, now on
   * the virtual clock, with the engine's `migrateRun` (what the runtime's migration runs); from
   * then on customers enter `to`. A map with problems moves no one.
   */
  migrate(to: CompiledJourney, nodeMap: Readonly<Record<string, string>>): SimulatedMigration;
  report(): SimulationReport;
  /** Counts only (per node, runs by status, effects by type): cheap for thousands of customers. */
  summary(): SimulationSummary;
}

/** One event of a batch: what happened and when its client says it happened. */
export interface BatchedEvent {
  name: string;
  properties?: Record<string, unknown>;
  at?: number;
}

/** How many runs a simulated migration moved, and why it moved others (or no one) not. */
export interface SimulatedMigration {
  moved: number;
  problems: Diagnostic[];
}

interface Customer {
  profile: Profile;
  runs: RunState[];
  dateTimers: Set<string>;
}

type Wake =
  | {
      id: string;
      fireAt: number;
      seq: number;
      kind: 'run';
      customerId: string;
      runIndex: number;
      nodeId: string;
      visit: number;
    }
  | { id: string; fireAt: number; seq: number; kind: 'date'; customerId: string; nodeId: string };

/**
 * Runs a compiled journey for test customers with the same step function the runtime uses, on
 * a virtual clock: one semantics, not two. Effects are collected, profile effects applied to the
 * simulated profiles, and HTTP/plugin effects answered through `respond`.
 */
export function createSimulation(first: CompiledJourney, options: SimulationOptions): Simulation {
  /** The version customers enter; runs step on the version they are on. */
  let journey = first;
  const versions = new Map([[first.version, first]]);
  const versionOf = (state: RunState) => versions.get(state.version) ?? journey;
  let now = options.start;
  let eventCount = 0;
  const respond = options.respond ?? ((): ExecuteResult => ({ ok: true }));
  const customers = new Map<string, Customer>();
  const effects: Effect[] = [];
  const timers = new TimerQueue<Wake>();
  const meter = new BudgetMeter(options.budget);
  const keepEffects = options.keepEffects !== false;
  const effectCounts: Record<string, number> = {};
  const stepCounts: StepCounts = {};

  const customer = (customerId: string): Customer => {
    let found = customers.get(customerId);
    if (!found) {
      found = {
        profile: {
          customerId,
          traits: {},
          stage: null,
          timeZone: null,
          tags: [],
          workspaceTimeZone: options.workspaceTimeZone ?? null,
        },
        runs: [],
        dateTimers: new Set(),
      };
      customers.set(customerId, found);
    }
    return found;
  };

  /** Records a step's outcome and performs its effects in the simulated world. */
  const settle = (who: Customer, runIndex: number, result: StepResult) => {
    const profileBefore = who.profile;
    const pending: { runIndex: number; input: RunInput }[] = [];
    let current: { runIndex: number; result: StepResult } | undefined = { runIndex, result };
    while (current) {
      const { runIndex: index, result: step } = current;
      who.runs[index] = step.state;
      for (const effect of step.effects) {
        effectCounts[effect.type] = (effectCounts[effect.type] ?? 0) + 1;
        if (effect.type === 'step') countStep(stepCounts, effect.nodeId, effect.kind);
      }
      if (keepEffects) {
        meter.spend('effects', step.effects.length);
        effects.push(...step.effects);
      }
      who.profile = applyProfileEffects(who.profile, step.effects);
      for (const effect of step.effects) {
        if (effect.type === 'schedule-timer') {
          timers.set({
            id: effect.timerId,
            fireAt: effect.fireAt,
            kind: 'run',
            customerId: who.profile.customerId,
            runIndex: index,
            nodeId: effect.nodeId,
            visit: effect.visit,
          });
        } else if (effect.type === 'continue') {
          // The runtime goes on in a follow-up transaction; the simulation at once, on the same clock.
          pending.push({
            runIndex: index,
            input: { type: 'timer', nodeId: effect.nodeId, visit: effect.visit },
          });
        } else if (effect.type === 'cancel-timer') {
          timers.delete(effect.timerId);
        } else if (effect.type === 'http' || effect.type === 'plugin') {
          const { profile: traits, ...answer } = respond(effect);
          // Traits a plugin returns are merged into the profile, as the runtime does, before the run goes on.
          if (answer.ok && traits)
            who.profile = { ...who.profile, traits: { ...who.profile.traits, ...traits } };
          pending.push({
            runIndex: index,
            input: { type: 'result', nodeId: effect.nodeId, visit: effect.visit, ...answer },
          });
        }
      }
      const next = pending.shift();
      if (next) meter.spend('steps');
      current = next && {
        runIndex: next.runIndex,
        result: stepRun(
          versionOf(who.runs[next.runIndex] as RunState),
          who.runs[next.runIndex] as RunState,
          next.input,
          {
            profile: who.profile,
            now,
          },
        ),
      };
    }
    // As in the runtime, a profile a journey changed moves the waits on its dates.
    if (who.profile !== profileBefore) rescheduleWaits(who);
  };

  /** Moves every pending wait on a profile date to the customer's current dates. */
  const rescheduleWaits = (who: Customer) => {
    who.runs.forEach((state, index) => {
      const moved = rescheduleWait(versionOf(state), state, { profile: who.profile, now });
      if (moved) settle(who, index, moved);
    });
  };

  const tryEnter = (customerId: string, nodeId: string, event: CustomerEvent | null) => {
    const who = customer(customerId);
    if (!mayEnter(journey.settings, who.runs, now).ok) return;
    const runId = `${customerId}:run-${who.runs.length + 1}`;
    meter.spend('steps');
    const result = startRun(journey, {
      runId,
      customerId,
      triggerNodeId: nodeId,
      event,
      profile: who.profile,
      now,
    });
    who.runs.push(result.state);
    settle(who, who.runs.length - 1, result);
  };

  const enterAll = (customerId: string, change: EntryChange, event: CustomerEvent | null) => {
    for (const nodeId of entryTriggers(journey, change)) tryEnter(customerId, nodeId, event);
  };

  const scheduleDateTriggers = (customerId: string) => {
    const who = customer(customerId);
    for (const id of who.dateTimers) timers.delete(id);
    who.dateTimers.clear();
    for (const { nodeId, fireAt } of dateTriggerTimes(journey, who.profile, now)) {
      const id = `date:${customerId}:${nodeId}`;
      who.dateTimers.add(id);
      timers.set({ id, fireAt, kind: 'date', customerId, nodeId });
    }
  };

  /** One event arriving: the customer's active runs see it in arrival order, then event triggers. */
  const deliver = (customerId: string, event: CustomerEvent) => {
    const who = customer(customerId);
    who.runs.forEach((state, index) => {
      if (state.status !== 'active') return;
      meter.spend('steps');
      settle(
        who,
        index,
        stepRun(versionOf(state), state, { type: 'event', event }, { profile: who.profile, now }),
      );
    });
    enterAll(customerId, { type: 'event', event }, event);
  };

  const wake = (timer: Wake) => {
    const who = customer(timer.customerId);
    if (timer.kind === 'date') {
      who.dateTimers.delete(timer.id);
      tryEnter(timer.customerId, timer.nodeId, null);
      return;
    }
    const state = who.runs[timer.runIndex];
    if (!state) return;
    const input: RunInput = { type: 'timer', nodeId: timer.nodeId, visit: timer.visit, fireAt: timer.fireAt };
    meter.spend('steps');
    settle(who, timer.runIndex, stepRun(versionOf(state), state, input, { profile: who.profile, now }));
  };

  /** Fires the timers due by `until` in time order; the runtime takes a timer due now at once too. */
  const fireDue = (until: number) => {
    for (let timer = timers.popDue(until); timer; timer = timers.popDue(until)) {
      meter.spend('timers');
      now = Math.max(now, timer.fireAt);
      wake(timer);
    }
  };

  return {
    identify(customerId, traits, identifyOptions) {
      const existed = customers.has(customerId);
      const who = customer(customerId);
      const before = existed ? who.profile : null;
      const zone = identifyOptions?.timeZone;
      who.profile = {
        ...who.profile,
        traits: { ...who.profile.traits, ...traits },
        timeZone: zone !== undefined && isValidTimeZone(zone) ? zone : who.profile.timeZone,
      };
      if (before) rescheduleWaits(who);
      enterAll(customerId, { type: 'profile', before, after: who.profile }, null);
      scheduleDateTriggers(customerId);
      fireDue(now);
    },
    track(customerId, name, properties = {}) {
      deliver(customerId, { id: `event-${++eventCount}`, name, properties, at: now });
      fireDue(now);
    },
    batch(customerId, events) {
      for (const { name, properties = {}, at = now } of events)
        deliver(customerId, { id: `event-${++eventCount}`, name, properties, at });
      fireDue(now);
    },
    enter(customerId, triggerNodeId) {
      const [nodeId] = entryTriggers(
        journey,
        triggerNodeId === undefined ? { type: 'api' } : { type: 'api', nodeId: triggerNodeId },
      );
      if (nodeId !== undefined) tryEnter(customerId, nodeId, null);
      fireDue(now);
    },
    advance(ms) {
      this.advanceTo(now + Math.max(0, ms));
    },
    advanceTo(epochMs) {
      fireDue(epochMs);
      now = Math.max(now, epochMs);
    },
    migrate(to, nodeMap) {
      const problems = checkNodeMap(journey, to, nodeMap);
      if (problems.length > 0) return { moved: 0, problems };
      const from = journey;
      versions.set(to.version, to);
      journey = to;
      let moved = 0;
      for (const [customerId, who] of customers) {
        who.runs.forEach((state, index) => {
          const at = state.currentNodeId;
          if (
            state.status !== 'active' ||
            state.version !== from.version ||
            !at ||
            !Object.hasOwn(nodeMap, at)
          )
            return;
          meter.spend('steps');
          const result = migrateRun({ from, to, state, nodeMap, profile: who.profile, now });
          if (!result.moved) {
            problems.push(...result.diagnostics);
            return;
          }
          moved++;
          settle(who, index, { state: result.state, effects: [...result.departure, ...result.effects] });
        });
        scheduleDateTriggers(customerId);
      }
      return { moved, problems };
    },
    report: () => {
      meter.spend('reportEffects', effects.length);
      return buildReport(journey, now, customers, effects);
    },
    summary: () => buildSummary(journey, now, customers, stepCounts, effectCounts),
  };
}
