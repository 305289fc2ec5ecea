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

/** What rules read during a run: the profile, the trigger event, responses, stage, tracked events, segments and CLV. */
export function scopeOf(context: RunContext): RuleScope {
  return {
    profile: context.profile as unknown as Record<string, unknown>,
    event: context.trigger,
    response: context.responses,
    stage: context.profile.stage,
    events: context.history,
    now: context.now,
    segments: context.profile.segments,
    clv: context.profile.clv,
  };
}

const visitOf = (context: RunContext, nodeId: string) => context.visits[nodeId] ?? 0;

/** Pure guards the compiled machine refers to by name; params come from the definition. */
export const guards = {
  isTrigger: ({ event }: GuardArgs, params: { nodeId: string }) =>
    event.type === 'enter' && event.triggerNodeId === params.nodeId,
  isTarget: ({ event }: GuardArgs, params: { nodeId: string }) =>
    event.type === 'migrate' && event.nodeId === params.nodeId,
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
  result: ({ context, event }: GuardArgs, params: { nodeId: string; ok: boolean; port?: string }) =>
    event.type === 'result' &&
    event.nodeId === params.nodeId &&
    event.visit === visitOf(context, params.nodeId) &&
    // A result naming its port takes that port; one naming none, the first for its outcome.
    (event.port === undefined || params.port === undefined
      ? event.ok === params.ok
      : event.port === params.port),
  /** An eventless transition's own guard, once the step is still small enough to go on. */
  withinStep: (
    args: GuardArgs,
    params: { maxOutputs: number; guard: { type: string; params?: unknown } | null },
  ): boolean =>
    args.context.out.length < params.maxOutputs &&
    (params.guard === null ||
      (guards as unknown as Record<string, Guard>)[params.guard.type]?.(args, params.guard.params) === true),
};

type Guard = (args: GuardArgs, params: unknown) => boolean;

/** An action as the definition names it; the batch action runs a list of them. */
export interface ActionRef {
  type: keyof typeof updates;
  params: unknown;
}

/**
 * A copy of the context that one assign owns: its top-level keys and its `out`, `visits` and
 * `path` may change in place, so a batch of actions copies each of them once, not per action.
 */
function draftOf(context: RunContext): RunContext {
  const draft = Object.assign({}, context);
  draft.out = context.out.slice();
  draft.visits = Object.assign({}, context.visits);
  draft.path = context.path.slice();
  return draft;
}

/*
 * A context's `owner` is the event whose `batch` made its copies of `out`, `visits` and `path`.
 * A run passing many states in one step takes one microstep per few states, and copying them
 * in each (visits and outputs grow with every state passed) made a step's cost grow with the
 * square of its length. A later batch of the same transition that finds its own event there
 * (XState passes the context on with the same nested objects) goes on writing to them: nothing
 * outside the transition has seen them yet. The engine builds a fresh event object and context
 * for every step, so nothing a step returned is written again. (A mark on the array itself cost
 * more than it saved: an array with an extra property leaves V8's fast paths.)
 */

/**
 * The bookkeeping each named action does to a draft: update visits, stage and path, and append
 * what happened to `out`. They perform nothing; the engine turns `out` into effects.
 */
const updates = {
  enter: (draft: RunContext, _event: MachineEvent, params: { nodeId: string; stage: string | null }) => {
    const visit = visitOf(draft, params.nodeId) + 1;
    draft.visits[params.nodeId] = visit;
    draft.path.push(params.nodeId);
    if (draft.path.length > MAX_PATH) draft.path.splice(0, draft.path.length - MAX_PATH);
    draft.node = params.nodeId;
    draft.out.push({ kind: 'entered', nodeId: params.nodeId, visit });
    const previous = draft.profile.stage;
    if (params.stage !== null && params.stage !== previous) {
      draft.out.push({ kind: 'stage', nodeId: params.nodeId, visit, stage: params.stage, previous });
      draft.stage = params.stage;
      draft.profile = applyProfileChange(draft.profile, { type: 'set-stage', stage: params.stage });
    }
  },
  request: (
    draft: RunContext,
    _event: MachineEvent,
    params: { nodeId: string; index: number; spec: ActionSpec },
  ) => {
    const visit = visitOf(draft, params.nodeId);
    const { spec } = params;
    draft.out.push({ kind: 'action', nodeId: params.nodeId, visit, index: params.index, spec });
    // Later guards in the same step see the profile as this action leaves it.
    if (spec.type === 'update-profile' || spec.type === 'tag') {
      draft.profile = applyProfileChange(draft.profile, spec);
    } else if (spec.type === 'set-stage') {
      draft.stage = spec.stage;
      draft.profile = applyProfileChange(draft.profile, spec);
    }
  },
  schedule: (draft: RunContext, _event: MachineEvent, params: { nodeId: string; timer: TimerSpec }) => {
    const visit = visitOf(draft, params.nodeId);
    draft.timer = { nodeId: params.nodeId, visit };
    draft.out.push({ kind: 'timer', nodeId: params.nodeId, visit, timer: params.timer });
  },
  /** Runs on leaving a timed state: a timer that did not fire is cancelled. */
  clearTimer: (draft: RunContext, event: MachineEvent, params: { nodeId: string }) => {
    const timer = draft.timer;
    if (!timer || timer.nodeId !== params.nodeId) return;
    draft.timer = null;
    const fired = event.type === 'timer' && event.nodeId === timer.nodeId && event.visit === timer.visit;
    if (!fired) draft.out.push({ kind: 'cancel-timer', nodeId: timer.nodeId, visit: timer.visit });
  },
  leave: (draft: RunContext, _event: MachineEvent, params: { nodeId: string; port: string | null }) => {
    const visit = visitOf(draft, params.nodeId);
    draft.out.push({ kind: 'left', nodeId: params.nodeId, visit, port: params.port });
  },
  /** Ends the run; an end caused by an event (an exit event, a goal) names that event. */
  finish: (
    draft: RunContext,
    event: MachineEvent,
    params: { nodeId: string; end: RunEnd; byEvent?: boolean },
  ) => {
    draft.end = params.end;
    draft.converted = draft.converted || params.end === 'converted';
    const visit = visitOf(draft, params.nodeId);
    const ended: StepOutput = { kind: 'ended', nodeId: params.nodeId, visit, end: params.end };
    if (params.byEvent && event.type === 'event') ended.event = event.event.name;
    draft.out.push(ended);
  },
  store: (draft: RunContext, event: MachineEvent, params: { nodeId: string }) => {
    if (event.type !== 'result' || event.data === undefined) return;
    draft.responses = { ...draft.responses, [params.nodeId]: boundedJson(event.data) };
  },
};

type Updates = typeof updates;
type Update = (draft: RunContext, event: MachineEvent, params: unknown) => void;

/** The named action as an XState `assign`, for machines built straight from the definition. */
function assignOf<K extends keyof Updates>(name: K) {
  const update = updates[name] as Update;
  return assign(({ context, event }: ActionArgs, params: Parameters<Updates[K]>[2]) => {
    const draft = draftOf(context);
    update(draft, event, params);
    return draft;
  });
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
    const draft = context.owner === event ? Object.assign({}, context) : draftOf(context);
    draft.owner = event;
    for (const action of params.actions) (updates[action.type] as Update)(draft, event, action.params);
    return draft;
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
