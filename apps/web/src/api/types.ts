import type { GraphIssue, JourneyDocument, Stage } from '@stagecraft/graph';
import type { CatalogEntry, PortSpec } from '@stagecraft/sdk';

export type { CatalogEntry, GraphIssue, JourneyDocument, PortSpec, Stage };

/** Where a journey is in its life: drafts have never run; live ones admit customers. */
export type JourneyStatus = 'draft' | 'live' | 'paused' | 'archived';

/** A row of the journeys list. Dates are ISO strings. */
export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyStatus;
  publishedVersion: number | null;
  activeCustomers: number;
  updatedAt: string;
}

/** One journey with its draft document and the list of published versions. */
export interface JourneyDetail {
  id: string;
  name: string;
  status: JourneyStatus;
  draft: JourneyDocument;
  revision: number;
  publishedVersion: number | null;
  versions: { version: number; publishedAt: string }[];
  updatedAt: string;
}

/** A published, immutable version of a journey. */
export interface JourneyVersion {
  version: number;
  document: JourneyDocument;
  publishedAt: string;
}

/** A starting point for a new journey. */
export interface JourneyTemplate {
  id: string;
  title: string;
  description: string;
  document: JourneyDocument;
}

/** The compiler's verdict on a document: problems, and each node's output ports for its config. */
export interface ValidateResult {
  diagnostics: GraphIssue[];
  ports: Record<string, PortSpec[]>;
}

/** How many customers passed through, wait at, finished at or failed at one node. */
export interface NodeStats {
  entered: number;
  waiting: number;
  completed: number;
  errored: number;
}

export interface JourneyStats {
  nodes: Record<string, NodeStats>;
  totals?: Record<string, number>;
}

/** One thing that happens in a simulation, in order. */
export type SimulationStep =
  | { type: 'track'; customerId: string; name: string; properties: Record<string, unknown> }
  | { type: 'identify'; customerId: string; traits: Record<string, unknown> }
  | { type: 'advance'; ms: number };

export interface SimulationRequest {
  document: JourneyDocument;
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
}

/** What the simulator reports after the steps ran on its virtual clock. */
export interface SimulationReport {
  now: number;
  nodes: Record<
    string,
    {
      entered: number;
      waiting: number;
      left?: number;
      completed: number;
      converted?: number;
      exited?: number;
    }
  >;
  customers: Record<
    string,
    { profile?: { traits?: Record<string, unknown>; stage?: string | null }; runs: SimulatedRun[] }
  >;
  effects: SimulatedEffect[];
}

/** A row of the customers search. */
export interface CustomerSummary {
  id: string;
  traits: Record<string, unknown>;
  stage: string | null;
  updatedAt?: string;
  lastSeenAt?: string | null;
}

export interface CustomerRun {
  id?: string;
  runId?: string;
  journeyId: string;
  journeyName?: string;
  version: number;
  status: string;
  currentNodeId: string | null;
  enteredAt?: string;
  endedAt?: string | null;
}

/** One line of a customer's timeline: an event, a journey step or a message. */
export interface TimelineEntry {
  kind: string;
  at: string;
  [field: string]: unknown;
}

export interface CustomerDetail {
  id: string;
  traits: Record<string, unknown>;
  timeZone?: string | null;
  stage: string | null;
  stageHistory: { stage: string | null; at: string; from?: string | null; to?: string | null }[];
  runs: CustomerRun[];
  timeline: TimelineEntry[];
}

/** A message produced by a journey, as stored in the outbox. */
export interface MessageRecord {
  id: string;
  customerId: string;
  channel: string;
  status: string;
  subject?: string | null;
  body?: string | null;
  to?: string | null;
  journeyId?: string;
  nodeId?: string;
  attempts?: number;
  lastError?: string | null;
  createdAt: string;
}

/** A Segment-compatible write key for `/v1/*`; `key` is shown in full only when created. */
export interface WriteKey {
  id: string;
  name?: string;
  key?: string;
  prefix?: string;
  createdAt: string;
}
