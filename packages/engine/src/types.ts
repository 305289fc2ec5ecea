import type { DeliverySpec, RetrySpec } from '@stagecraft/sdk';

/** A customer's profile as the engine sees it: traits plus the fields the runtime keeps. */
export interface Profile {
  customerId: string;
  traits: Record<string, unknown>;
  /** Current lifecycle stage id, or null. */
  stage: string | null;
  /** IANA time zone, already validated; null falls back to the journey's zone. */
  timeZone: string | null;
  /**
   * The workspace's zone, for a customer without a zone of their own in a journey that names
   * none; UTC when absent. Set by the runtime, never stored on the profile.
   */
  workspaceTimeZone?: string | null;
  tags: string[];
  /**
   * Ids of the saved segments the customer is in, and their stored lifetime value, for rules
   * that ask about them (`segmentId`, `clv.*`). Set by the runtime, never stored on the profile.
   */
  segments?: readonly string[] | null;
  clv?: Readonly<Record<string, number | null>> | null;
}

/** An incoming customer event, as stored by ingestion. `at` is epoch milliseconds. */
export interface CustomerEvent {
  id: string;
  name: string;
  properties: Record<string, unknown>;
  at: number;
}

/** What can happen to a run. */
export type RunInput =
  | { type: 'enter'; triggerNodeId: string; event: CustomerEvent | null }
  | { type: 'event'; event: CustomerEvent }
  /**
   * `fireAt`, when given, is the time the timer was set for: one set before its wait was moved
   * to a later time (a changed profile date) fires early and changes nothing.
   */
  | { type: 'timer'; nodeId: string; visit: number; fireAt?: number }
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

export type RunStatus = 'active' | 'completed' | 'exited' | 'converted' | 'failed';

/** A run's persisted state: plain JSON, safe to store and restore at any point. */
export interface RunState {
  runId: string;
  customerId: string;
  journeyId: string;
  version: number;
  status: RunStatus;
  enteredAt: number;
  endedAt: number | null;
  /** Node the run is at now (waiting, or where it ended). */
  currentNodeId: string | null;
  /** Earliest pending timer, for the runtime's wake-time index. */
  wakeAt: number | null;
  /** The XState persisted snapshot, without the per-step profile and clock. */
  snapshot: unknown;
}

interface EffectBase {
  /** Unique per (run, node, visit, effect); delivery never performs the same key twice. */
  key: string;
  runId: string;
  customerId: string;
  journeyId: string;
  nodeId: string;
  visit: number;
}

/** What a step asks the world to do, as data. The runtime performs it; the engine never does. */
export type Effect =
  | (EffectBase & {
      type: 'send';
      channel: 'email' | 'sms' | 'push' | 'webhook';
      to: string | null;
      subject: string | null;
      body: string;
      url: string | null;
      messageName: string | null;
      /** Email only: the rendered preview line and plain-text part (null: none written). */
      preheader?: string | null;
      text?: string | null;
      /** Category, tracking, cap and retry choices of the node, for the runtime. */
      delivery?: DeliverySpec;
      /** Why the rendered message must not be sent (a URL or body the inserted values broke). */
      refused?: string;
    })
  | (EffectBase & { type: 'update-profile'; set: Record<string, unknown>; unset: string[] })
  | (EffectBase & { type: 'set-stage'; stage: string; previousStage: string | null })
  | (EffectBase & { type: 'tag'; op: 'add' | 'remove'; tag: string })
  | (EffectBase & { type: 'schedule-timer'; timerId: string; fireAt: number })
  | (EffectBase & { type: 'cancel-timer'; timerId: string })
  | (EffectBase & {
      type: 'http';
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string | null;
      timeoutMs: number;
      /** The run waits for a `result` input for (nodeId, visit). */
      awaitsResult: true;
      retry?: RetrySpec;
      onFailure?: 'port' | 'stop';
      /** Why the rendered request must not be sent; it then fails without calling out. */
      refused?: string;
    })
  | (EffectBase & {
      type: 'plugin';
      nodeType: string;
      nodeTypeVersion: number;
      params: Record<string, unknown>;
      /** The event that started the run, or the latest one it received since. */
      event: { name: string; properties: Record<string, unknown>; timestamp: string } | null;
      /** Data stored by earlier steps of the run, by node id. */
      outputs: Record<string, unknown>;
      retry?: RetrySpec;
      onFailure?: 'port' | 'stop';
    })
  | (EffectBase & {
      /**
       * The step stopped at its size limit in a state it leaves at once: apply a timer input for
       * (nodeId, visit) as soon as possible to go on. Durable like a timer, so nothing is lost.
       */
      type: 'continue';
      at: number;
    })
  | (EffectBase & {
      type: 'step';
      kind: 'entered' | 'left' | 'converted' | 'exited' | 'completed';
      port: string | null;
      at: number;
      /** On an end: the exit or goal event that ended the run, when an event did. */
      event?: string;
    });

export interface StepResult {
  state: RunState;
  effects: Effect[];
}
