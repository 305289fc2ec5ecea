import type { EventMatcher, RuleGroup, Scalar } from '@stagecraft/graph';

/**
 * What a node type's `compile` returns: plain data the compiler turns into one XState state.
 * Nothing here is a function, so compiled journeys are deterministic and serializable.
 */
export interface NodeCompilation {
  /** Trigger nodes only: when a customer enters the journey here. */
  trigger?: TriggerSpec;
  /** Effects requested on entering the node, in order. */
  actions?: ActionSpec[];
  /** How the run leaves the node; checked in order. An empty list with no `end` keeps the run here. */
  exits: NodeExit[];
  /** Marks the node as an end of the journey and says how the run ended. */
  end?: RunEnd;
  /** Goal nodes only: when this event arrives during the run, the run jumps here from anywhere. */
  goal?: EventMatcher;
}

export type RunEnd = 'completed' | 'exited' | 'converted';

/** A way out of a node through one of its ports. */
export type NodeExit =
  /** Leave at once; with a guard, only if it holds (first matching exit wins). */
  | { on: 'always'; port: string; guard?: GuardSpec }
  /** Leave when the node's durable timer fires. At most one timer exit per node. */
  | { on: 'timer'; port: string; timer: TimerSpec }
  /** Leave when a matching event arrives (only events that arrived after the run entered). */
  | { on: 'event'; port: string; match: EventMatcher }
  /** Leave when the node's own I/O effect (HTTP request, plugin effect) reports back. */
  | { on: 'result'; port: string; ok: boolean };

/** Decisions a node can make, evaluated by the engine against the run's data. */
export type GuardSpec =
  | { type: 'rules'; rules: RuleGroup }
  /** Deterministic weighted choice keyed on (customer, journey, node); true when `arm` is drawn. */
  | { type: 'arm'; weights: number[]; arm: number };

/** When a durable timer fires. Times of day are in the customer's zone unless `timeZone` is set. */
export type TimerSpec =
  | { kind: 'duration'; seconds: number }
  | { kind: 'time-of-day'; hour: number; minute: number; weekdays: number[]; timeZone?: string }
  /** `field` is a profile path such as `renewal_date`; fires at that date plus `offsetSeconds`. */
  | { kind: 'profile-date'; field: string; offsetSeconds: number; hour?: number; minute?: number };

/** What lets a customer into the journey at a trigger node. */
export type TriggerSpec =
  | { kind: 'event'; match: EventMatcher }
  /** Fires when the profile starts (`entered`) or stops (`left`) matching the segment's rules. */
  | { kind: 'segment'; segment: string; rules: RuleGroup; change: 'entered' | 'left' }
  /** Fires when the customer joins (`entered`) or leaves (`left`) the saved segment `segmentId`. */
  | { kind: 'saved-segment'; segmentId: string; change: 'entered' | 'left' }
  /** Fires when a profile attribute changes, optionally only to a given value. */
  | { kind: 'attribute'; field: string; to?: Scalar }
  /** Fires at a profile date plus an offset (negative for "before"), at a time of day. */
  | { kind: 'date'; field: string; offsetSeconds: number; hour: number; minute: number }
  /** Entered only through the API or by hand. */
  | { kind: 'api' };

export type Channel = 'email' | 'sms' | 'push' | 'webhook';

/** Message content; strings may hold `{{ profile.first_name | "there" }}` variables. */
export interface MessageTemplate {
  subject?: string;
  body: string;
  /** Recipient override; by default the channel's profile field (email, phone, push token). */
  to?: string;
  /** Webhook channel only. */
  url?: string;
  /** Email only: the preview line inboxes show after the subject. */
  preheader?: string;
  /** Email only: the plain-text part; derived from the HTML body when absent. */
  text?: string;
}

/**
 * How a failing delivery is tried again; each field left out takes the server's default
 * (5 attempts, 10 s doubling, statuses 408, 429 and 5xx, no time budget).
 */
export interface RetrySpec {
  /** Tries in all, the first included (1: never retried). */
  attempts?: number;
  /** Wait before the first retry. */
  delayMs?: number;
  /** `exponential` doubles the wait after each retry; `fixed` keeps it. */
  backoff?: 'fixed' | 'exponential';
  /** HTTP statuses that are retried, e.g. "408, 429, 5xx"; a network error or timeout always is. */
  statuses?: string;
  /** No retry starts later than this after the first attempt. */
  budgetMs?: number;
}

/** How a message is delivered, beyond its content; passed to the runtime unchanged. */
export interface DeliverySpec {
  /** Marketing (default) honours consent and frequency caps; transactional ignores both. */
  category?: 'marketing' | 'transactional';
  /** Email only: add an open-tracking pixel. */
  trackOpens?: boolean;
  /** Email only: route links through signed click-tracking redirects. */
  trackClicks?: boolean;
  /** What a frequency cap does to this message: skip it, or defer it until the cap allows. */
  capAction?: 'skip' | 'defer';
  retry?: RetrySpec;
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Template string rendered with the run's variables; sent as the request body. */
  body?: string;
  timeoutMs: number;
}

/** Effects a node asks for; the engine turns them into effects with idempotency keys. */
export type ActionSpec =
  | {
      type: 'send';
      channel: Channel;
      template: MessageTemplate;
      messageName?: string;
      delivery?: DeliverySpec;
    }
  | { type: 'update-profile'; set: Record<string, Scalar>; unset: string[] }
  | { type: 'set-stage'; stage: string }
  | { type: 'tag'; op: 'add' | 'remove'; tag: string }
  /** `store: true` keeps the JSON response under `response.<nodeId>` for later nodes. */
  | {
      type: 'http';
      request: HttpRequestSpec;
      store: boolean;
      retry?: RetrySpec;
      /** After the last failed try: take the failure port (default), or stop the run as failed. */
      onFailure?: 'port' | 'stop';
    }
  /**
   * Handed to the node type's own `execute` by the runtime. A throw, a timeout or a result of
   * the wrong shape is retried as `retry` says; after the last try the step takes its failure
   * port (default) or stops the run as failed.
   */
  | { type: 'plugin'; params: Record<string, unknown>; retry?: RetrySpec; onFailure?: 'port' | 'stop' };
