import type { GraphIssue, JourneyDocument, Stage } from '@stagecraft/graph';
import type { CatalogEntry as NodeTypeEntry, PortSpec } from '@stagecraft/sdk';
import type {
  CustomerClv,
  JourneySummary,
  KeySummary,
  MessageRow,
  CustomerDetail as ServerCustomerDetail,
  TokenSummary,
  VersionSummary,
} from '@stagecraft/server';

export type {
  AnalyticsSettings,
  AuditEntry,
  ChangeSummary,
  ClvModelView as ClvModel,
  CustomerClv,
  CustomerRun,
  CustomerSummary,
  EdgeStats,
  Interval,
  JourneyStats,
  JourneySummary,
  MetricPoint,
  MetricSeries,
  MetricUnit,
  MigrationPlan,
  MigrationPreview,
  NodeStats,
  Publisher,
  PublishRequestView as PublishRequest,
  StageFunnelRow,
  TimelineEntry,
  VersionSummary,
} from '@stagecraft/server';

/** A customer waiting at a node, as GET /api/journeys/:id/nodes/:nodeId/waiting lists them. */
export interface WaitingCustomer {
  customerId: string;
  runId: string;
  enteredAt: string;
  /** When the run moves on by itself (a wait or a timeout); null when only an event moves it. */
  movesOnAt: string | null;
}

/** One page of the customers waiting at a node; pass `next` as the cursor of the following one. */
export interface WaitingPage {
  version: number;
  customers: WaitingCustomer[];
  next: string | null;
}

/** A customer's page: the runtime's profile and history, and lifetime value. */
export type CustomerDetail = ServerCustomerDetail & { clv: CustomerClv };

export type { GraphIssue, JourneyDocument, PortSpec, Stage };

/**
 * A node type as `GET /api/node-types` serves it: the SDK's catalog entry, plus the plugin that
 * provides it (null for built-ins) and the URL of its custom card view, if it ships one.
 */
export interface CatalogEntry extends NodeTypeEntry {
  plugin?: { package: string; version: string } | null;
  cardView?: string | null;
}

/** Where a journey is in its life: drafts have never run; live ones admit customers. */
export type JourneyStatus = 'draft' | 'live' | 'paused' | 'archived';

/** One journey with its draft document and the list of published versions (newest first). */
export interface JourneyDetail extends JourneySummary {
  document: JourneyDocument;
  versions: VersionSummary[];
}

/** A published, immutable version of a journey. */
export interface JourneyVersion extends VersionSummary {
  document: JourneyDocument;
}

/** What publishing answers: the new version, warnings that did not block it, and what changed. */
export interface PublishResult extends VersionSummary {
  diagnostics: GraphIssue[];
  changes: unknown;
}

/** A publish that waits for an admin's approval (workspaces that require it). */
export interface PublishPending {
  pending: true;
  requestId: string;
  diagnostics: GraphIssue[];
}

/** A starting point for a new journey. */
export interface JourneyTemplate {
  id: string;
  title: string;
  /** Older servers call the title `name`. */
  name?: string;
  description: string;
  document: JourneyDocument;
}

/** The compiler's verdict on a document: problems, and each node's output ports and summary line for its config. */
export interface ValidateResult {
  diagnostics: GraphIssue[];
  ports: Record<string, PortSpec[]>;
  /** The line each card shows under its title, by node id; absent for a step without one. */
  summaries?: Record<string, string>;
}

export type TimeUnit = 'minutes' | 'hours' | 'days' | 'weeks';

/** One thing that happens in a simulation, in order. */
export type SimulationStep =
  | { type: 'track'; customerId: string; event: string; properties: Record<string, unknown> }
  | { type: 'identify'; customerId: string; traits: Record<string, unknown>; timeZone?: string }
  | { type: 'enter'; customerId: string; nodeId?: string }
  | { type: 'advance'; amount: number; unit: TimeUnit };

export interface SimulationRequest {
  document: JourneyDocument;
  /** Virtual start (epoch ms); the same input then gives the same output. */
  start?: number;
  customers: { id: string; traits: Record<string, unknown>; timeZone?: string }[];
  steps: SimulationStep[];
}

/** An effect emitted by the engine; the simulator lists them, the canvas lights their nodes. */
export interface SimulatedEffect {
  type: string;
  key?: string;
  nodeId: string;
  customerId: string;
  [field: string]: unknown;
}

export interface SimulatedRun {
  runId: string;
  status: string;
  path: string[];
  currentNodeId: string | null;
  /** Why the run ended (`exited: Order Completed`); null while it is active. */
  exitReason?: string | null;
}

/** The simulator's state at one moment: counts per node, each customer's runs, every effect so far. */
export interface SimulationReport {
  now: number;
  nodes: Record<
    string,
    { entered: number; waiting: number; left: number; completed: number; converted: number; exited: number }
  >;
  customers: Record<
    string,
    { profile?: { traits?: Record<string, unknown>; stage?: string | null }; runs: SimulatedRun[] }
  >;
  effects: SimulatedEffect[];
}

/** The answer to a simulation: the state after the customers were identified, then after each step. */
export interface SimulationResult {
  start: number;
  diagnostics: GraphIssue[];
  initial: SimulationReport;
  steps: { index: number; type: string; report: SimulationReport }[];
}

export type RunStatus = 'active' | 'completed' | 'exited' | 'converted' | 'failed';

/** A message, HTTP request or plugin effect a journey produced, as the outbox lists it. */
export type MessageRecord = MessageRow;
export type MessageStatus = MessageRow['status'];

/** A Segment-compatible write key for `/v1/*`; only its prefix and last four are listed, the key itself is shown once. */
export type WriteKey = KeySummary;

/** An API token for `/api` and sign-in, with its role; `current` is the one this browser uses. */
export interface AdminToken extends TokenSummary {
  current: boolean;
}
