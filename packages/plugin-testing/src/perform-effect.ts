import type { Effect, Profile, RunInput, RunState } from '@stagecraft/engine';
import type { ExecuteInput, ExecuteResult, NodeRegistry, PortSpec } from '@stagecraft/sdk';
import { checkResult } from './check-result';
import { STEP_ID, storedOutput } from './test-journey';

/** One call of the step's `execute`, with what it was given and what it returned. */
export interface Execution {
  input: ExecuteInput<Record<string, unknown>>;
  settings: Record<string, unknown>;
  result: ExecuteResult;
}

/** What a plugin effect is performed with: the test's customer, clock, settings and fetch. */
export interface World {
  registry: NodeRegistry;
  stepPorts: PortSpec[];
  now: Date;
  settings: Record<string, unknown>;
  fetch: typeof globalThis.fetch;
  countEvents: (name: string, options?: { withinDays?: number }) => Promise<number>;
  event: ExecuteInput<unknown>['event'];
  log: (message: string, data?: Record<string, unknown>) => void;
}

type PluginEffect = Extract<Effect, { type: 'plugin' }>;

/** Calls the effect's node type `execute` with the run's inputs, as the runtime does. */
export async function perform(
  world: World,
  effect: PluginEffect,
  profile: Profile,
  state: RunState,
): Promise<{ result: ExecuteResult; profile?: Record<string, unknown>; execution: Execution }> {
  const definition = world.registry.get(effect.nodeType, effect.nodeTypeVersion);
  if (!definition?.execute)
    throw new Error(
      `${effect.nodeType}@${effect.nodeTypeVersion} asks for a plugin effect but has no execute.`,
    );
  // Engines whose plugin effects carry the run's event and outputs are taken at their word.
  const carried = effect as Partial<Pick<ExecuteInput<unknown>, 'event' | 'outputs'>>;
  const input: ExecuteInput<Record<string, unknown>> = {
    params: effect.params,
    idempotencyKey: effect.key,
    customerId: effect.customerId,
    profile: structuredClone(profile.traits),
    journeyId: effect.journeyId,
    nodeId: effect.nodeId,
    event: carried.event !== undefined ? carried.event : world.event,
    outputs: carried.outputs ?? storedOutputs(state),
  };
  const settings = definition === storedOutput ? {} : world.settings;
  const result = checkResult(
    await definition.execute(input, {
      fetch: world.fetch,
      log: world.log,
      signal: new AbortController().signal,
      now: () => new Date(world.now.getTime()),
      settings,
      countEvents: world.countEvents,
    }),
    definition,
    effect.nodeId === STEP_ID ? world.stepPorts : [],
  );
  return {
    result,
    ...(result.profile ? { profile: result.profile } : {}),
    execution: { input, settings, result },
  };
}

/** The result input the runtime hands back to the engine. */
export function resultInput(effect: PluginEffect, result: ExecuteResult): RunInput {
  const input = {
    type: 'result' as const,
    nodeId: effect.nodeId,
    visit: effect.visit,
    ok: result.ok,
    ...(result.data === undefined ? {} : { data: result.data }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.port === undefined ? {} : { port: result.port }),
  };
  return input;
}

/** Data stored by the run's steps so far, by step id. */
export function storedOutputs(state: RunState): Record<string, unknown> {
  const snapshot = state.snapshot as { context?: { responses?: Record<string, unknown> } } | null;
  return { ...(snapshot?.context?.responses ?? {}) };
}

export const refuseFetch: typeof globalThis.fetch = async (input) => {
  throw new Error(
    `The step called fetch(${JSON.stringify(String(input))}) but the test gave no fetch; pass one in runNode's options.`,
  );
};
