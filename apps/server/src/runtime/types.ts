import type { Database } from '@stagecraft/db';
import type { NodeRegistry } from '@stagecraft/sdk';
import type { ConsentChannel, ConsentStatus } from '../channels/consent';
import type { AllowList } from '../outbound/index';
import type { PluginHost } from '../plugin-packages/plugin-host';
import type { MessageRow } from './rows';
import type { TestClocks } from './test-clocks';

/** One Segment-spec message after the HTTP layer has validated it. Times are epoch milliseconds. */
export interface IngestMessage {
  messageId: string;
  type: 'identify' | 'track' | 'page';
  userId: string;
  /** The track event name or page name; null for identify. */
  event: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  timestamp: number;
  receivedAt: number;
  context: Record<string, unknown>;
}

/** The logging the runtime needs; Fastify's and pino's loggers fit. */
export interface RuntimeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** A message ready for a channel, rendered and stored before it is handed over. */
export interface OutboundMessage {
  id: string;
  idempotencyKey: string;
  workspaceId: string;
  customerId: string;
  journeyId: string;
  channel: 'email' | 'sms' | 'push' | 'webhook';
  name: string | null;
  to: string | null;
  subject: string | null;
  body: string;
  url: string | null;
  /** Email: the parts and headers to send (HTML with tracking, text, List-Unsubscribe, ...). */
  email?: {
    html: string;
    text: string;
    headers: Record<string, string>;
    /** The Message-ID header, the same for every attempt of this message. */
    messageId: string;
  };
  /** SMS and push: where the provider reports delivery (signed per workspace). */
  statusCallbackUrl?: string;
}

/**
 * Delivers one channel's messages. Throwing means "not delivered, retry later"; the runtime
 * never calls `send` twice for one idempotency key once it has succeeded.
 */
export interface ChannelProvider {
  channel: OutboundMessage['channel'];
  /** Email: the From address, for Message-IDs and the unsubscribe mailbox. */
  sender?: string;
  send(message: OutboundMessage): Promise<{ providerMessageId: string }>;
}

/** Retry policy for outbound deliveries (messages and HTTP requests). */
export interface DeliveryOptions {
  /** Attempts before a delivery is dead-lettered (default 5). */
  maxAttempts: number;
  /** First retry delay; each later one doubles (default 10 s). */
  backoffMs: number;
  /** Timeout of each outbound HTTP call unless the node sets its own (default 10 s). */
  timeoutMs: number;
}

export interface RuntimeOptions {
  database: Database;
  registry: NodeRegistry;
  log: RuntimeLogger;
  /** The clock; tests pass a virtual one. Defaults to Date.now. */
  now?: () => number;
  /**
   * Server-wide key of the deprecated v1 X-Stagecraft-Signature on outbound webhooks and HTTP
   * requests; v2 uses each workspace's own secret (`server_secrets`, created on first use).
   */
  signingSecret: string;
  /** Internal hosts and networks outbound requests may reach (default: none). */
  outboundAllow?: AllowList;
  /** Run background workers in this process (default true). */
  workers?: boolean;
  /**
   * Apply ingested events in the transaction that stores them, once the runtime has started
   * (default: as `workers`). Otherwise they wait, stored, for an event worker.
   */
  applyOnArrival?: boolean;
  /**
   * Events waiting to be applied on arrival beyond which new requests are only stored, for the
   * workers (default 20,000): requests stay fast and memory bounded when the database falls behind.
   */
  arrivalBacklog?: number;
  /**
   * Fixed channel providers, used before a workspace's own settings (tests and embedders); the
   * webhook channel is built in, and a channel with neither ends as `no_provider`.
   */
  channels?: ChannelProvider[];
  /** Encrypts provider secrets at rest (STAGECRAFT_SECRETS_KEY); unset, the stored key (created once). */
  secretsKey?: string;
  /** Base of unsubscribe, tracking and status-callback links (default http://localhost:3000). */
  publicUrl?: string;
  /** The List-Unsubscribe mailto's address (default unsubscribe@ the sender's domain). */
  unsubscribeAddress?: string | null;
  delivery?: Partial<DeliveryOptions>;
  /** Installed plugins (default: none); their node types must be in `registry`. */
  plugins?: PluginHost;
  /** Time budget of one plugin step unless the plugin's entry sets one (default 30 s). */
  pluginTimeoutMs?: number;
  /** Plugin steps this process runs at once; more are deferred a second (default 200). */
  pluginSteps?: number;
  /** Worker loops per kind in this process on Postgres (default 2 each; PGlite always runs 1). */
  concurrency?: Partial<Record<'events' | 'timers' | 'deliveries', number>>;
}

/** Per node of one journey version: customers who entered it, sit there now, finished there, failed there. */
export interface NodeStats {
  entered: number;
  waiting: number;
  completed: number;
  errored: number;
  /** Messages a frequency cap skipped or holds back. */
  capped: number;
  /** Messages deferred now (quiet hours, a frequency cap, a send rate). */
  deferred: number;
}

/** Counts for a journey (one version, or all versions when none is named). */
/** Runs through one edge (a node's output port), and how many of them reached the journey's goal. */
export interface EdgeStats {
  nodeId: string;
  port: string;
  passed: number;
  converted: number;
}

/** A customer waiting at a node, and when the run moves on by itself (null: only an event moves it). */
export interface WaitingRun {
  customerId: string;
  runId: string;
  enteredAt: number;
  wakeAt: number | null;
}

/** Where a page of waiting customers ends: the last one's wake time and run id. */
export interface WaitingPosition {
  wakeAt: number | null;
  runId: string;
}

export interface JourneyStats {
  journeyId: string;
  version: number | null;
  nodes: Record<string, NodeStats>;
  edges: EdgeStats[];
  totals: {
    runs: number;
    active: number;
    completed: number;
    exited: number;
    converted: number;
    failed: number;
  };
}

/** A row of a customer search. Times are ISO 8601. */
export interface CustomerSummary {
  customerId: string;
  traits: Record<string, unknown>;
  stage: string | null;
  timeZone: string | null;
  /** The test clock the customer lives on; null for a real customer. */
  testClockId: string | null;
  activeRuns: number;
  lastSeenAt: string;
}

/** A customer's run in one journey. */
export interface CustomerRun {
  runId: string;
  journeyId: string;
  version: number;
  status: 'active' | 'completed' | 'exited' | 'converted' | 'failed';
  currentNodeId: string | null;
  wakeAt: string | null;
  enteredAt: string;
  endedAt: string | null;
  exitReason: string | null;
}

/** One line of a customer's timeline, newest first. */
export type TimelineEntry =
  | {
      kind: 'event';
      at: string;
      messageId: string;
      type: string;
      name: string | null;
      properties: Record<string, unknown>;
      /** Why the event was skipped instead of applied (it failed again and again), else null. */
      error: string | null;
    }
  | {
      kind: 'step';
      at: string;
      runId: string;
      journeyId: string;
      nodeId: string;
      step: string;
      port: string | null;
    }
  | {
      kind: 'message';
      at: string;
      messageId: string;
      runId: string;
      nodeId: string;
      channel: string | null;
      status: string;
    };

/** Everything the customer page shows. */
export interface CustomerDetail {
  customerId: string;
  traits: Record<string, unknown>;
  stage: string | null;
  stageChangedAt: string | null;
  timeZone: string | null;
  /** The invalid zone the customer last sent; `timeZone` is then null and a fallback is used. */
  invalidTimeZone: string | null;
  /** The test clock the customer lives on; null for a real customer. */
  testClockId: string | null;
  /**
   * The zone the customer's times are read in: their own, or the workspace's because theirs is
   * missing or invalid (a journey that names a zone uses that one instead of the workspace's).
   */
  timeZoneUsed: { zone: string; source: 'customer' | 'workspace-missing' | 'workspace-invalid' };
  /** Per channel, from the consent traits (identify calls, the API, unsubscribe links). */
  consent: Record<ConsentChannel, ConsentStatus>;
  tags: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  stageHistory: {
    from: string | null;
    to: string;
    at: string;
    journeyId: string | null;
    nodeId: string | null;
  }[];
  runs: CustomerRun[];
  timeline: TimelineEntry[];
}

export type { MessageRow } from './rows';

/** Which waiting runs of `fromVersion` move to `toVersion`, node by node. Unmapped nodes stay put. */
export interface MigrationPlan {
  fromVersion: number;
  toVersion: number;
  nodeMap: Record<string, string>;
}

/** What a migration would do (or did): counts per move, who stays, and why a plan is refused. */
export interface MigrationPreview {
  journeyId: string;
  fromVersion: number;
  toVersion: number;
  moves: { fromNodeId: string; toNodeId: string; runs: number }[];
  /** Waiting runs at nodes the map does not name; they stay on fromVersion. */
  staying: { nodeId: string; runs: number }[];
  /** Map entries that cannot apply; a plan with problems is not applied. */
  problems: { nodeId: string; message: string }[];
}

/** Runs customers through published journeys; the HTTP layer's only way into execution. */
export interface Runtime {
  /** Stores messages durably (dedupe on messageId), then schedules processing; resolves after commit. */
  ingest(workspaceId: string, messages: IngestMessage[]): Promise<{ accepted: number; duplicates: number }>;
  /** Starts the workers, unless disabled. */
  start(): Promise<void>;
  /** Stops taking work and lets running work finish. */
  stop(): Promise<void>;
  /** Publish, pause, resume or archive happened: drop cached journeys. */
  journeyChanged(journeyId: string): void;
  /** The workspace's settings (its time zone) changed: drop what is cached about it. */
  workspaceChanged(workspaceId: string): void;
  /** Test clocks: customers living on a clock of their own, run by this runtime. */
  testClocks: TestClocks;
  /**
   * Enters a customer through the journey's API trigger, subject to its re-entry policy (at its
   * test clock's time for a customer on one).
   */
  enter(
    workspaceId: string,
    journeyId: string,
    customerId: string,
    properties?: Record<string, unknown>,
  ): Promise<{ runId: string } | { refused: string }>;
  stats(workspaceId: string, journeyId: string, version?: number): Promise<JourneyStats>;
  /**
   * The customers waiting at a node of a journey version, in the order they move on (then run
   * id), `limit` at a time after `after` (the last of the previous page).
   */
  waiting(
    workspaceId: string,
    journeyId: string,
    version: number,
    nodeId: string,
    page: { after?: WaitingPosition; limit: number },
  ): Promise<{ customers: WaitingRun[]; next: WaitingPosition | null }>;
  searchCustomers(workspaceId: string, query: string, limit: number): Promise<CustomerSummary[]>;
  customer(workspaceId: string, customerId: string): Promise<CustomerDetail | null>;
  messages(
    workspaceId: string,
    filter: { status?: string; customerId?: string; journeyId?: string; limit: number },
  ): Promise<MessageRow[]>;
  previewMigration(workspaceId: string, journeyId: string, plan: MigrationPlan): Promise<MigrationPreview>;
  applyMigration(
    workspaceId: string,
    journeyId: string,
    plan: MigrationPlan,
  ): Promise<MigrationPreview & { moved: number }>;
  /** Puts a dead (or failed) message back in the queue; false when there is no such message. */
  retryMessage(workspaceId: string, messageId: string): Promise<boolean>;
  /** Stored events not yet applied, in every workspace, counted up to `atMost`. */
  pendingEvents(atMost: number): Promise<number>;
}

/** Why the runtime refused a request; the HTTP layer maps `code` to a status. */
export class RuntimeError extends Error {
  constructor(
    readonly code: 'journey_not_found' | 'journey_not_live' | 'version_not_found' | 'invalid_migration',
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}
