import type { Diagnostic } from '@stagecraft/compiler';
import {
  applyProfileEffects,
  type Effect,
  type Profile,
  type RunState,
  startRun,
  stepRun,
} from '@stagecraft/engine';
import { type AnyNodeType, portsOfConfig } from '@stagecraft/sdk';
import { eventCounter, type FakeCustomer } from './fake-customer';
import {
  type Execution,
  perform,
  refuseFetch,
  resultInput,
  storedOutputs,
  type World,
} from './perform-effect';
import { type CompiledTestJourney, compileTestJourney, STEP_ID, TRIGGER_ID } from './test-journey';

/** Monday 6 January 2025, 10:00 UTC: the clock a test runs on unless it says otherwise. */
export const DEFAULT_NOW = new Date(Date.UTC(2025, 0, 6, 10, 0));

/** A step to run and the world it runs in. */
export interface RunNodeOptions {
  /** The step's config as saved in a journey; the type's `defaults` when absent. */
  config?: unknown;
  customer?: FakeCustomer;
  /** The event that lets the customer in (its `timestamp` defaults to `now`); null or absent enters through the API. */
  event?: { name: string; properties?: Record<string, unknown>; timestamp?: string } | null;
  /** Data stored by earlier steps of the run, by step id. */
  outputs?: Record<string, unknown>;
  /** The plugin's settings as the runtime would pass them (secrets already decrypted). */
  settings?: Record<string, unknown>;
  /** What `deps.fetch` does: usually the global fetch against a local server, or a function. */
  fetch?: typeof globalThis.fetch;
  now?: Date;
  /** Other node types the journey needs besides the built-ins, e.g. older versions of this one. */
  nodeTypes?: readonly AnyNodeType[];
}

/** What running the step did, to assert on. */
export interface NodeRun {
  /** The port the step left through, or null when the run stopped in it (failed or waiting). */
  port: string | null;
  /** The run after the step: `completed` when it left through a port, `failed`, or `active` when it waits. */
  status: RunState['status'];
  /** What the step stored for later steps (`outputs[stepId]` there), or undefined. */
  output: unknown;
  /** The customer's traits after the step. */
  profile: Record<string, unknown>;
  /** The trait writes the step asked for, in order: its `execute` results' and its profile actions'. */
  profileWrites: Record<string, unknown>[];
  /** The step's `execute` calls. */
  executions: Execution[];
  /** Effects the engine emitted for the step (send, http, update-profile, tag, timers, ...). */
  effects: Effect[];
  /** Lines the step logged through `deps.log`. */
  logs: { message: string; data?: Record<string, unknown> }[];
  /** Warnings the compiler gave for the journey around the step. */
  diagnostics: Diagnostic[];
}

/** Steps one run may take before the kit decides it loops. */
const MAX_ROUNDS = 100;

/**
 * Compiles the step inside a small journey with the real compiler and runs it for a fake
 * customer with the real engine, performing its `execute` as the runtime does (result port,
 * stored data, profile writes). Throws, naming the fix, when the journey does not compile or
 * `execute` returns something the runtime would refuse.
 */
export async function runNode(nodeType: AnyNodeType, options: RunNodeOptions = {}): Promise<NodeRun> {
  const now = options.now ?? DEFAULT_NOW;
  const config = options.config ?? nodeType.defaults;
  const customerId = options.customer?.id ?? 'customer-1';
  const compiled = compileTestJourney({
    nodeType,
    config,
    eventName: options.event?.name ?? null,
    outputs: options.outputs ?? {},
    nodeTypes: options.nodeTypes ?? [],
  });
  if (!compiled.ok) {
    const lines = compiled.diagnostics.map((d) => `${d.nodeId ?? 'journey'}: ${d.message}`);
    throw new Error(`The step does not compile inside a journey:\n${lines.join('\n')}`);
  }
  const { journey, registry } = compiled;
  if (options.event?.timestamp !== undefined && Number.isNaN(Date.parse(options.event.timestamp)))
    throw new Error(
      `The event's timestamp "${options.event.timestamp}" is not a date; use ISO text such as 2025-01-06T10:00:00Z.`,
    );
  const event = options.event
    ? {
        name: options.event.name,
        properties: options.event.properties ?? {},
        timestamp: options.event.timestamp ?? now.toISOString(),
      }
    : null;
  let profile: Profile = {
    customerId,
    traits: { ...(options.customer?.traits ?? {}) },
    stage: null,
    timeZone: options.customer?.timeZone ?? null,
    tags: [],
  };
  const run: NodeRun = {
    port: null,
    status: 'active',
    output: undefined,
    profile: profile.traits,
    profileWrites: [],
    executions: [],
    effects: [],
    logs: [],
    diagnostics: compiled.diagnostics,
  };
  const world: World = {
    registry,
    stepPorts: portsOfConfig(nodeType, config),
    now,
    settings: options.settings ?? {},
    fetch: options.fetch ?? refuseFetch,
    countEvents: eventCounter(options.customer?.events ?? [], now),
    event,
    log: (message, data) => run.logs.push(data === undefined ? { message } : { message, data }),
  };

  let step = startRun(journey, {
    runId: 'run-1',
    customerId,
    triggerNodeId: TRIGGER_ID,
    event: event && {
      id: 'event-1',
      name: event.name,
      properties: event.properties,
      at: Date.parse(event.timestamp),
    },
    profile,
    now: now.getTime(),
  });
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    profile = applyProfileEffects(profile, step.effects);
    record(run, step.effects);
    const pending = step.effects.find((effect) => effect.type === 'plugin');
    if (!pending || step.state.status !== 'active') break;
    const outcome = await perform(world, pending, profile, step.state);
    if (outcome.profile) {
      profile = { ...profile, traits: { ...profile.traits, ...outcome.profile } };
      if (pending.nodeId === STEP_ID) run.profileWrites.push(outcome.profile);
    }
    if (pending.nodeId === STEP_ID) run.executions.push(outcome.execution);
    const input = resultInput(pending, outcome.result);
    step = stepRun(journey, step.state, input, { profile, now: now.getTime() });
  }
  run.status = step.state.status;
  run.profile = profile.traits;
  run.output = storedOutputs(step.state)[STEP_ID];
  return run;
}

function record(run: NodeRun, effects: readonly Effect[]): void {
  for (const effect of effects) {
    if (effect.nodeId !== STEP_ID) continue;
    if (effect.type === 'step' && effect.kind === 'left') run.port = effect.port;
    if (effect.type === 'update-profile') run.profileWrites.push(effect.set);
    if (effect.type !== 'step') run.effects.push(effect);
  }
}

/** Compiles the step inside the kit's journey without running it: for asserting on config problems. */
export function compileNode(
  nodeType: AnyNodeType,
  config: unknown = nodeType.defaults,
  nodeTypes: readonly AnyNodeType[] = [],
): CompiledTestJourney {
  return compileTestJourney({ nodeType, config, eventName: null, outputs: {}, nodeTypes });
}
