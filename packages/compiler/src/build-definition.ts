import type { EventMatcher, JourneySettings } from '@stagecraft/graph';
import type { NodeCompilation, NodeExit } from '@stagecraft/sdk';
import {
  COMPLETED_STATE,
  CONVERTED_STATE,
  EXITED_STATE,
  initialRunContext,
  START_STATE,
} from './run-context';

/** A node ready to become a state: its compilation and where each port leads (null: unconnected). */
export interface PlannedNode {
  id: string;
  stage: string | null;
  compilation: NodeCompilation;
  targets: Record<string, string | null>;
}

type Json = Record<string, unknown>;

/** True when a run can rest in the node: it has no way out that is taken at once without a condition. */
export function canRest(compilation: NodeCompilation): boolean {
  if (compilation.end) return false;
  return !compilation.exits.some((exit) => exit.on === 'always' && !exit.guard);
}

/** True when customers wait in the node: it can rest, and something from outside (a timer, an event, a result) moves them on. */
export function waitsIn(compilation: NodeCompilation): boolean {
  return (
    canRest(compilation) &&
    (compilation.exits.length === 0 || compilation.exits.some((exit) => exit.on !== 'always'))
  );
}

/**
 * The XState machine config, as JSON: one state per node keyed by node id, a `__start` state
 * whose `enter` transitions lead to the triggers and whose `migrate` transitions lead to the
 * nodes where customers wait (a run moved from another version enters there, running the node's
 * entry as an edge would), and final states for the ways a run ends.
 * Waits ask for a durable timer on entry and leave on an external `timer` event; exits and
 * goals are transitions in every state a run can rest in.
 */
export function buildDefinition(nodes: readonly PlannedNode[], settings: JourneySettings): Json {
  const goals = nodes.filter((node) => node.compilation.goal);
  const globals = globalTransitions(goals, settings);
  const states: Json = {
    [START_STATE]: {
      on: {
        enter: nodes
          .filter((node) => node.compilation.trigger)
          .map((node) => ({ guard: { type: 'isTrigger', params: { nodeId: node.id } }, target: node.id })),
        migrate: nodes
          .filter((node) => waitsIn(node.compilation))
          .map((node) => ({ guard: { type: 'isTarget', params: { nodeId: node.id } }, target: node.id })),
      },
    },
  };
  for (const node of nodes) states[node.id] = nodeState(node, globals);
  states[COMPLETED_STATE] = { type: 'final' };
  states[EXITED_STATE] = { type: 'final' };
  states[CONVERTED_STATE] = { type: 'final' };
  return { id: 'journey', initial: START_STATE, context: initialRunContext(), states };
}

/** Goal jumps, the journey goal and exit events, each bound to the node a run rests in. */
function globalTransitions(goals: readonly PlannedNode[], settings: JourneySettings) {
  return (nodeId: string): Json[] => {
    const transitions: Json[] = goals.map((goal) => ({
      guard: eventGuard(goal.compilation.goal as EventMatcher),
      target: goal.id,
      actions: [{ type: 'leave', params: { nodeId, port: null } }],
    }));
    if (settings.goal?.exitOnGoal) {
      transitions.push({
        guard: {
          type: 'journeyGoal',
          params: { match: settings.goal.event, windowMs: settings.goal.attributionWindowSeconds * 1000 },
        },
        target: CONVERTED_STATE,
        actions: [{ type: 'finish', params: { nodeId, end: 'converted', byEvent: true } }],
      });
    }
    for (const match of settings.exitEvents) {
      transitions.push({
        guard: eventGuard(match),
        target: EXITED_STATE,
        actions: [{ type: 'finish', params: { nodeId, end: 'exited', byEvent: true } }],
      });
    }
    return transitions;
  };
}

function nodeState(node: PlannedNode, globals: (nodeId: string) => Json[]): Json {
  const { compilation } = node;
  const state: Json = {};
  if (node.stage) state.tags = [`stage:${node.stage}`];
  const entry: Json[] = [{ type: 'enter', params: { nodeId: node.id, stage: node.stage } }];
  (compilation.actions ?? []).forEach((spec, index) => {
    entry.push({ type: 'request', params: { nodeId: node.id, index, spec } });
  });
  if (compilation.end) {
    // A goal step is reached by its event: the run's end names it.
    const byEvent = compilation.goal !== undefined;
    entry.push({
      type: 'finish',
      params: { nodeId: node.id, end: compilation.end, ...(byEvent ? { byEvent } : {}) },
    });
    state.entry = entry;
    state.type = 'final';
    return state;
  }
  const timerExit = compilation.exits.find((exit) => exit.on === 'timer');
  if (timerExit) {
    entry.push({ type: 'schedule', params: { nodeId: node.id, timer: timerExit.timer } });
    state.exit = [{ type: 'clearTimer', params: { nodeId: node.id } }];
  }
  state.entry = entry;

  const always: Json[] = [];
  const on: Record<string, Json[]> = {};
  if (canRest(compilation)) {
    const shared = globals(node.id);
    if (shared.length > 0) on.event = shared;
  }
  for (const exit of compilation.exits) {
    const transition = exitTransition(node, exit);
    if (exit.on === 'always') {
      always.push(transition);
    } else {
      on[exit.on] = [...(on[exit.on] ?? []), transition];
    }
  }
  if (always.length > 0) state.always = always;
  if (Object.keys(on).length > 0) state.on = on;
  return state;
}

function exitTransition(node: PlannedNode, exit: NodeExit): Json {
  const target = node.targets[exit.port] ?? null;
  const leave = { type: 'leave', params: { nodeId: node.id, port: exit.port } };
  const actions: Json[] = [];
  if (exit.on === 'result' && keepsResponse(node.compilation)) {
    actions.push({ type: 'store', params: { nodeId: node.id } });
  }
  actions.push(leave);
  if (target === null) actions.push({ type: 'finish', params: { nodeId: node.id, end: 'completed' } });
  const transition: Json = { target: target ?? COMPLETED_STATE, actions };
  // A loop straight back into the same node must run its entry again (a new visit, a new timer).
  if (target === node.id) transition.reenter = true;
  const guard = guardOf(node.id, exit);
  if (guard) transition.guard = guard;
  return transition;
}

/** HTTP steps keep their response unless told not to; plugin steps always keep theirs. */
function keepsResponse(compilation: NodeCompilation): boolean {
  return !(compilation.actions ?? []).some((action) => action.type === 'http' && !action.store);
}

function guardOf(nodeId: string, exit: NodeExit): Json | null {
  switch (exit.on) {
    case 'always':
      if (!exit.guard) return null;
      return exit.guard.type === 'rules'
        ? { type: 'rules', params: { rules: exit.guard.rules } }
        : { type: 'arm', params: { nodeId, weights: exit.guard.weights, arm: exit.guard.arm } };
    case 'timer':
      return { type: 'timer', params: { nodeId } };
    case 'event':
      return eventGuard(exit.match);
    case 'result':
      return { type: 'result', params: { nodeId, ok: exit.ok, port: exit.port } };
  }
}

function eventGuard(match: EventMatcher): Json {
  return { type: 'event', params: { match } };
}
