import type { ActionRef } from './implementations';

interface TransitionConfig {
  target: string;
  guard?: unknown;
  actions?: ActionRef[];
  reenter?: boolean;
}

interface StateConfig {
  type?: string;
  tags?: string[];
  entry?: ActionRef[];
  exit?: ActionRef[];
  on?: Record<string, TransitionConfig[]>;
  always?: TransitionConfig[];
}

type Json = Record<string, unknown>;

/** How many states a run may pass through within one fused transition; bounds the config's size. */
const MAX_PASSED = 16;

/**
 * The config the machine runs: the definition with the same states, each transition rewritten
 * so that XState does as little per step as the semantics allow. A transition carries, in
 * XState's own order, its source's exit actions, its actions, and the entry actions of the
 * state it enters, as one `batch` action (one context copy instead of one per action). When
 * that state is left again at once by a transition without a guard (a message, a tag, a
 * trigger), the transition goes on through it, up to MAX_PASSED states: one microstep instead
 * of one per state. States a run can rest in, the state values and the outputs in their order
 * stay exactly as the definition says, so stored runs restore unchanged. Every eventless
 * transition is also guarded by the step's size: past `maxOutputsPerStep` outputs the run stays
 * in the state it would leave at once, and the engine asks for a follow-up step to go on.
 */
export function executableConfig(definition: Json, maxOutputsPerStep = Number.POSITIVE_INFINITY): Json {
  const states = definition.states as Record<string, StateConfig>;
  const fused: Record<string, StateConfig> = {};
  for (const [key, state] of Object.entries(states)) {
    const next: StateConfig = {};
    if (state.type) next.type = state.type;
    if (state.tags) next.tags = state.tags;
    if (state.on) {
      next.on = {};
      for (const [event, transitions] of Object.entries(state.on)) {
        next.on[event] = transitions.map((transition) => fuse(states, key, transition));
      }
    }
    if (state.always) {
      next.always = state.always.map((transition) =>
        withinStep(fuse(states, key, transition), maxOutputsPerStep),
      );
    }
    fused[key] = next;
  }
  return { ...definition, states: fused };
}

/** The state's first eventless transition when it has no guard: entering the state means leaving it by that. */
function passThrough(state: StateConfig | undefined): TransitionConfig | null {
  const first = state?.type === 'final' ? undefined : state?.always?.[0];
  return first && !first.guard ? first : null;
}

function fuse(
  states: Record<string, StateConfig>,
  source: string,
  transition: TransitionConfig,
): TransitionConfig {
  const result: TransitionConfig = { target: transition.target };
  if (transition.guard) result.guard = transition.guard;
  // A transition back to its own source without `reenter` leaves and enters nothing: only its actions run.
  const internal = transition.target === source && !transition.reenter;
  const actions: ActionRef[] = internal
    ? [...(transition.actions ?? [])]
    : [...(states[source]?.exit ?? []), ...(transition.actions ?? [])];
  if (!internal) {
    let target = transition.target;
    for (let passed = 0; passed < MAX_PASSED; passed++) {
      const state = states[target];
      const onward = passThrough(state);
      if (!onward || onward.target === target) break;
      actions.push(...(state?.entry ?? []), ...(state?.exit ?? []), ...(onward.actions ?? []));
      target = onward.target;
    }
    actions.push(...(states[target]?.entry ?? []));
    result.target = target;
    // Entry and exit actions live on the transitions now; a way back into the source still re-enters it.
    if (target === source) result.reenter = true;
  }
  if (actions.length > 0) result.actions = [{ type: 'batch', params: { actions } } as unknown as ActionRef];
  return result;
}

/** The transition, taken only while the step has produced fewer than `maxOutputs` outputs. */
function withinStep(transition: TransitionConfig, maxOutputs: number): TransitionConfig {
  if (!Number.isFinite(maxOutputs)) return transition;
  const guard = { type: 'withinStep', params: { maxOutputs, guard: transition.guard ?? null } };
  return { ...transition, guard };
}
