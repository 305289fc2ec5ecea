import type { GraphIssue, IssueDetail, JourneyDocument, JourneySettings, Stage } from '@stagecraft/graph';
import type { TriggerSpec } from '@stagecraft/sdk';
import type { AnyStateMachine } from 'xstate';

/** A compiler diagnostic: a graph issue with the node or edge at fault. */
export type Diagnostic = GraphIssue;

/** What a diagnostic is about, as data (a config field, a loop's steps, a port); see `IssueDetail`. */
export type DiagnosticDetail = IssueDetail;

/** A trigger node of a compiled journey, for the runtime and simulator to match entries against. */
export interface CompiledTrigger {
  nodeId: string;
  spec: TriggerSpec;
}

/** Facts about each node the engine and analytics need without reading the machine config. */
export interface CompiledNodeInfo {
  nodeId: string;
  type: string;
  typeVersion: number;
  stage: string | null;
  /** True when customers can sit here (waits, wait-for-event, awaiting an I/O result). */
  waits: boolean;
  /** Port id -> target node id, or null where the port is unconnected (the run completes). */
  ports: Record<string, string | null>;
}

/**
 * A published journey, ready to run: the XState machine (built from `definition`, a JSON
 * machine config), what lets customers in, and the settings the engine enforces.
 */
export interface CompiledJourney {
  journeyId: string;
  version: number;
  /** Stable hash of the source document; the same graph always gives the same hash and machine. */
  hash: string;
  machine: AnyStateMachine;
  /** The JSON machine config `machine` was created from, fused (serializable, deterministic). */
  definition: Record<string, unknown>;
  triggers: CompiledTrigger[];
  nodes: Record<string, CompiledNodeInfo>;
  settings: JourneySettings;
  stages: Stage[];
  /** Event names that event-count and event-order rules read; the engine records only these in run history. */
  trackedEvents: string[];
  document: JourneyDocument;
}

export type CompileResult =
  | { ok: true; journey: CompiledJourney; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };
