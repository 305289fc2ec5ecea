import {
  type EventMatcher,
  evaluateRules,
  matchesEvent,
  type RuleGroup,
  type RuleScope,
} from '@stagecraft/graph';
import type { ActionSpec, RunEnd, TimerSpec } from '@stagecraft/sdk';
import { assign } from 'xstate';
import { drawArm } from './hash';
import { applyProfileChange } from './profile-update';
import {
  MAX_PATH,
  MAX_RESPONSE_CHARS,
  type MachineEvent,
  type RunContext,
  type StepOutput,
} from './run-context';

type GuardArgs = { context: RunContext; event: MachineEvent };
type ActionArgs = { context: RunContext; event: MachineEvent };

/** What rules read during a run: the profile, the trigger event, responses, stage, tracked events. */
export function scopeOf(context: RunContext): RuleScope {
  return {
    profile: context.profile as unknown as Record<string, unknown>,
    event: context.trigger,
    response: context.responses,
    stage: context.profile.stage,
    events: context.history,
    now: context.now,
  };
}

const visitOf = (context: RunContext, nodeId: string) => context.visits[nodeId] ?? 0;

/** Pure guards the compiled machine refers to by name; params come from the definition. */
export const guards = {
  isTrigger: ({ event }: GuardArgs, params: { nodeId: string }) =>
    event.type === 'enter' && event.triggerNodeId === params.nodeId,
  rules: ({ context }: GuardArgs, params: { rules: RuleGroup }) =>
    evaluateRules(params.rules, scopeOf(context)),
  arm: ({ context }: GuardArgs, params: { nodeId: string; weights: number[]; arm: number }) =>
    drawArm(context.run.customerId, context.run.journeyId, params.nodeId, params.weights) === params.arm,
  event: ({ context, event }: GuardArgs, params: { match: EventMatcher }) =>
    event.type === 'event' && matchesEvent(params.match, event.event, context.now),
  journeyGoal: ({ context, event }: GuardArgs, params: { match: EventMatcher; windowMs: number }) =>
    event.type === 'event' &&
    !context.converted &&
    context.now - context.enteredAt <= params.windowMs &&
    matchesEvent(params.match, event.event, context.now),
  timer: ({ context, event }: GuardArgs, params: { nodeId: string }) =>
    event.type === 'timer' &&
    event.nodeId === params.nodeId &&
    event.visit === visitOf(context, params.nodeId),
  result: ({ context, event }: GuardArgs, params: { nodeId: string; ok: boolean }) =>
    event.type === 'result' &&
    event.nodeId === params.nodeId &&
    event.visit === visitOf(context, params.nodeId) &&
    event.ok === params.ok,
};

const emit = (context: RunContext, output: StepOutput) => [...context.out, output];

/** An action as the definition names it; the batch action runs a list of them. */
export interface ActionRef {
  type: keyof typeof updates;
  params: unknown;
}

/**
 * The bookkeeping each named action does: from the context (and the event), the keys it
 * changes. They update visits, stage and path, and append what happened to `out`; they
 * perform nothing, the engine turns `out` into effects.
 */
const updates = {
  enter: (context: RunContext, _event: MachineEvent, params: { nodeId: string; stage: string | null }) => {
    const visit = visitOf(context, params.nodeId) + 1;
    const path = context.path.length >= MAX_PATH ? context.path.slice(1 - MAX_PATH) : [...context.path];
    path.push(params.nodeId);
    const out = emit(context, { kind: 'entered', nodeId: params.nodeId, visit });
    // Object.assign rather than spread: spreading with a computed key is far slower in V8.
    const visits = Object.assign({}, context.visits);
    visits[params.nodeId] = visit;
    const update: Partial<RunContext> = {
      visits,
      node: params.nodeId,
      path,
      out,
    };
    const previous = context.profile.stage;
    if (params.stage !== null && params.stage !== previous) {
      out.push({ kind: 'stage', nodeId: params.nodeId, visit, stage: params.stage, previous });
      update.stage = params.stage;
      update.profile = applyProfileChange(context.profile, { type: 'set-stage', stage: params.stage });
    }
    return update;
  },
  request: (
    context: RunContext,
    _event: MachineEvent,
    params: { nodeId: string; index: number; spec: ActionSpec },
  ): Partial<RunContext> => {
    const visit = visitOf(context, params.nodeId);
    const { spec } = params;
    const out = emit(context, { kind: 'action', nodeId: params.nodeId, visit, index: params.index, spec });
    // Later guards in the same step see the profile as this action leaves it.
    if (spec.type === 'update-profile' || spec.type === 'tag') {
      return { out, profile: applyProfileChange(context.profile, spec) };
    }
    if (spec.type === 'set-stage') {
      return { out, stage: spec.stage, profile: applyProfileChange(context.profile, spec) };
    }
    return { out };
  },
  schedule: (context: RunContext, _event: MachineEvent, params: { nodeId: string; timer: TimerSpec }) => {
    const visit = visitOf(context, params.nodeId);
    return {
      timer: { nodeId: params.nodeId, visit },
      out: emit(context, { kind: 'timer', nodeId: params.nodeId, visit, timer: params.timer }),
    };
  },
  /** Runs on leaving a timed state: a timer that did not fire is cancelled. */
  clearTimer: (context: RunContext, event: MachineEvent, params: { nodeId: string }): Partial<RunContext> => {
    const timer = context.timer;
    if (!timer || timer.nodeId !== params.nodeId) return {};
    const fired = event.type === 'timer' && event.nodeId === timer.nodeId && event.visit === timer.visit;
    if (fired) return { timer: null };
    return {
      timer: null,
      out: emit(context, { kind: 'cancel-timer', nodeId: timer.nodeId, visit: timer.visit }),
    };
  },
  leave: (context: RunContext, _event: MachineEvent, params: { nodeId: string; port: string | null }) => ({
    out: emit(context, {
      kind: 'left',
      nodeId: params.nodeId,
      visit: visitOf(context, params.nodeId),
      port: params.port,
    }),
  }),
  finish: (context: RunContext, _event: MachineEvent, params: { nodeId: string; end: RunEnd }) => ({
    end: params.end,
    converted: context.converted || params.end === 'converted',
    out: emit(context, {
      kind: 'ended',
      nodeId: params.nodeId,
      visit: visitOf(context, params.nodeId),
      end: params.end,
    }),
  }),
  store: (context: RunContext, event: MachineEvent, params: { nodeId: string }): Partial<RunContext> => {
    if (event.type !== 'result' || event.data === undefined) return {};
    return { responses: { ...context.responses, [params.nodeId]: boundedJson(event.data) } };
  },
};

type Updates = typeof updates;

/** The named action as an XState `assign`, for machines built straight from the definition. */
function assignOf<K extends keyof Updates>(name: K) {
  const update = updates[name] as (context: RunContext, event: MachineEvent, params: unknown) => object;
  return assign(({ context, event }: ActionArgs, params: Parameters<Updates[K]>[2]) =>
    update(context, event, params),
  );
}

/**
 * The actions the compiled machine refers to by name, all XState `assign`s. `batch` does the
 * work of a list of them in order in one assign: XState copies the context and rebuilds the
 * whole snapshot for every assign, which cost more than the bookkeeping itself.
 */
export const actions = {
  enter: assignOf('enter'),
  request: assignOf('request'),
  schedule: assignOf('schedule'),
  clearTimer: assignOf('clearTimer'),
  leave: assignOf('leave'),
  finish: assignOf('finish'),
  store: assignOf('store'),
  batch: assign(({ context, event }: ActionArgs, params: { actions: readonly ActionRef[] }) => {
    const next = Object.assign({}, context);
    for (const action of params.actions) {
      const update = updates[action.type] as (
        context: RunContext,
        event: MachineEvent,
        params: unknown,
      ) => object;
      Object.assign(next, update(next, event, action.params));
    }
    return next;
  }),
};

/** Keeps a response only if it is JSON of reasonable size; otherwise stores null. */
function boundedJson(data: unknown): unknown {
  try {
    const text = JSON.stringify(data);
    return text !== undefined && text.length <= MAX_RESPONSE_CHARS ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
