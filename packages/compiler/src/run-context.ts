import type { ScopeEvent } from '@stagecraft/graph';
import type { ActionSpec, RunEnd, TimerSpec } from '@stagecraft/sdk';

/** The parts of a customer's profile the machine reads and updates within one step. */
export interface ProfileView {
  customerId?: string;
  traits: Record<string, unknown>;
  stage: string | null;
  tags: string[];
  timeZone?: string | null;
  /** Saved segments the customer is in, and their stored lifetime value; never stored with the run. */
  segments?: readonly string[] | null;
  clv?: Readonly<Record<string, number | null>> | null;
}

/** An event kept by the run: the trigger event, or a tracked event since entry. */
export interface RunEvent extends ScopeEvent {
  id?: string;
  properties: Record<string, unknown>;
}

/** Bookkeeping the machine persists between steps (plain JSON). */
export interface RunData {
  /** How many times the run entered each node; effect keys and timer checks use it. */
  visits: Record<string, number>;
  /** The last journey node the run entered (where it waits or where it ended). */
  node: string | null;
  /** The lifecycle stage the run last moved the customer into. */
  stage: string | null;
  /** Node ids in the order entered, the most recent MAX_PATH kept. */
  path: string[];
  enteredAt: number;
  trigger: RunEvent | null;
  /** Stored JSON responses of HTTP steps, by node id. */
  responses: Record<string, unknown>;
  /** Tracked events since entry, oldest first, the most recent MAX_HISTORY kept. */
  history: RunEvent[];
  /** The pending durable timer, if any. */
  timer: { nodeId: string; visit: number } | null;
  converted: boolean;
  end: RunEnd | null;
}

/** What the engine injects before a step and strips before persisting. */
export interface StepScope {
  run: { runId: string; customerId: string; journeyId: string };
  profile: ProfileView;
  now: number;
  /** What happened during this step, in order; the engine turns it into effects. */
  out: StepOutput[];
  /**
   * The event whose step made this context's copies of `out`, `visits` and `path`; the engine
   * passes null. Not in the definition's initial context, so the journey's hash is unchanged.
   */
  owner?: MachineEvent | null;
}

export type RunContext = RunData & StepScope;

/** One thing a step did, as data; `visit` is the node's visit count when it happened. */
export type StepOutput =
  | { kind: 'entered'; nodeId: string; visit: number }
  | { kind: 'left'; nodeId: string; visit: number; port: string | null }
  /** `event`: the name of the exit or goal event that ended the run, when an event did. */
  | { kind: 'ended'; nodeId: string; visit: number; end: RunEnd; event?: string }
  | { kind: 'stage'; nodeId: string; visit: number; stage: string; previous: string | null }
  | { kind: 'action'; nodeId: string; visit: number; index: number; spec: ActionSpec }
  | { kind: 'timer'; nodeId: string; visit: number; timer: TimerSpec }
  | { kind: 'cancel-timer'; nodeId: string; visit: number };

/**
 * Events the compiled machine understands; the engine's RunInput has these shapes but `migrate`,
 * which only the engine's migration sends, to a run placed at `__start` with its bookkeeping.
 */
export type MachineEvent =
  | { type: 'enter'; triggerNodeId: string; event: RunEvent | null }
  | { type: 'migrate'; nodeId: string }
  | { type: 'event'; event: RunEvent }
  | { type: 'timer'; nodeId: string; visit: number }
  /** `port`, when given, is the node's result exit the run takes; else the first for `ok`. */
  | {
      type: 'result';
      nodeId: string;
      visit: number;
      ok: boolean;
      data?: unknown;
      error?: string;
      port?: string;
    };

export const MAX_PATH = 200;
/**
 * Outputs one step may produce before the run stops at the next state it would leave at once
 * and goes on in a follow-up step (about 1,000 action steps): one event entering a very long
 * journey must not hold its process for long.
 */
export const MAX_OUTPUTS_PER_STEP = 3_000;
export const MAX_HISTORY = 500;
/** Larger HTTP responses are not kept, so run state stays small. */
export const MAX_RESPONSE_CHARS = 32_000;

/** Keys of RunData, in the order the engine persists them. */
export const RUN_DATA_KEYS = [
  'visits',
  'node',
  'stage',
  'path',
  'enteredAt',
  'trigger',
  'responses',
  'history',
  'timer',
  'converted',
  'end',
] as const satisfies readonly (keyof RunData)[];

/** A fresh run's context; the machine definition carries it as its initial context. */
export function initialRunContext(): RunContext {
  return {
    visits: {},
    node: null,
    stage: null,
    path: [],
    enteredAt: 0,
    trigger: null,
    responses: {},
    history: [],
    timer: null,
    converted: false,
    end: null,
    run: { runId: '', customerId: '', journeyId: '' },
    profile: { traits: {}, stage: null, tags: [] },
    now: 0,
    out: [],
  };
}

/** Reserved state keys; node ids may not start with "__". */
export const START_STATE = '__start';
export const COMPLETED_STATE = '__completed';
export const EXITED_STATE = '__exited';
export const CONVERTED_STATE = '__converted';
