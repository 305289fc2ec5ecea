import type { MessageKind, MessageStatus, StepKind } from '@stagecraft/db';
import type { CustomerKey, CustomerRecord } from './customer-state';
import type { JobRequest } from './jobs';

/** A step record row to insert. */
export interface StepRow extends CustomerKey {
  runId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  visit: number;
  kind: StepKind;
  port: string | null;
  at: number;
}

/** A stage change to append to the customer's history. */
export interface StageRow extends CustomerKey {
  fromStage: string | null;
  toStage: string;
  journeyId: string;
  runId: string;
  nodeId: string;
  at: number;
}

/** An outbox row to insert; rows whose idempotency key exists already are skipped. */
export interface OutboxRow extends CustomerKey {
  id: string;
  idempotencyKey: string;
  kind: MessageKind;
  runId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  visit: number;
  channel: string | null;
  name: string | null;
  to: string | null;
  subject: string | null;
  body: string | null;
  url: string | null;
  request: Record<string, unknown> | null;
  status: MessageStatus;
  lastError: string | null;
  at: number;
}

/**
 * Everything one transaction writes: collected in memory while inputs are applied, then written
 * with a handful of set-based statements (see commit.ts).
 */
export class ChangeSet {
  readonly customers = new Map<string, CustomerRecord>();
  readonly steps: StepRow[] = [];
  readonly stages: StageRow[] = [];
  readonly outbox: OutboxRow[] = [];
  readonly jobs: JobRequest[] = [];
  readonly processedEvents: (CustomerKey & { seq: number })[] = [];
  /** Jobs claimed by this transaction, completed when it commits. */
  readonly claimedJobs: { name: string; id: string }[] = [];

  constructor(readonly now: number) {}

  /** Adds a customer whose record (and runs, schedules) may need writing. */
  touch(customer: CustomerRecord): void {
    this.customers.set(`${customer.workspaceId}\u0000${customer.customerId}`, customer);
  }

  get isEmpty(): boolean {
    return (
      this.processedEvents.length === 0 &&
      this.claimedJobs.length === 0 &&
      this.jobs.length === 0 &&
      this.outbox.length === 0 &&
      [...this.customers.values()].every((c) => !c.changed && !c.runs.some((r) => r.changed))
    );
  }
}
