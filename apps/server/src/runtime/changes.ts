import type { RunOutcome, StepKind } from '@stagecraft/db';
import type { CustomerKey, CustomerRecord } from './customer-state';
import type { JobRequest } from './jobs';
import type { OutboxRow, StageRow } from './rows';

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

/** A customer's assignment to an arm of a split, to insert (once per run and split). */
export interface AssignmentRow extends CustomerKey {
  journeyId: string;
  nodeId: string;
  runId: string;
  version: number;
  arm: string;
  at: number;
  convertedAt: number | null;
}

/** A conversion of a customer's assignments at one split made since `since`. */
export interface ConversionRow extends CustomerKey {
  journeyId: string;
  nodeId: string;
  since: number;
  at: number;
}

/** An outbox row to insert; rows whose idempotency key exists already are skipped. */
export type { OutboxRow, StageRow } from './rows';

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
  /** New split assignments; see `assign` and `convert`. */
  readonly assignments: AssignmentRow[] = [];
  /** Conversions of assignments stored by earlier transactions. */
  readonly conversions: ConversionRow[] = [];
  /** Additions to node_counters, keyed by `${journeyId}\u0000${version}\u0000${nodeId}`. */
  readonly counters = new Map<string, Counter>();
  /** Additions to journey_counters: runs started or ended, per journey version and outcome. */
  readonly runCounts = new Map<string, RunCount>();
  /** Additions to edge_counters, keyed by `${journeyId}\u0000${version}\u0000${nodeId}\u0000${port}`. */
  readonly edgeCounts = new Map<string, EdgeCount>();
  /** The counter `count` touched last: a run's steps mostly count the same few nodes in turn. */
  #lastCounter: Counter | undefined;

  constructor(readonly now: number) {}

  /** Adds a customer whose record (and runs, schedules) may need writing. */
  touch(customer: CustomerRecord): void {
    this.customers.set(`${customer.workspaceId}\u0000${customer.customerId}`, customer);
  }

  /** Records a step for the timeline and counts it for its node. */
  step(row: StepRow): void {
    this.steps.push(row);
    const field = row.kind === 'entered' ? 'entered' : row.kind === 'errored' ? 'errored' : 'completed';
    this.count(row.journeyId, row.version, row.nodeId, field);
  }

  /** Records a run's assignment to an arm; the first one per run and split counts. */
  assign(row: AssignmentRow): void {
    this.assignments.push(row);
  }

  /**
   * A conversion event for a customer's assignments at a split within `windowMs`. Assignments
   * made earlier in this change set are marked here; stored ones by one statement at commit,
   * which runs before this set's assignments are inserted, so the order of arrival decides.
   */
  convert(key: CustomerKey, journeyId: string, nodeId: string, windowMs: number): void {
    for (const row of this.assignments) {
      if (
        row.convertedAt === null &&
        row.customerId === key.customerId &&
        row.workspaceId === key.workspaceId &&
        row.journeyId === journeyId &&
        row.nodeId === nodeId
      ) {
        row.convertedAt = this.now;
      }
    }
    this.conversions.push({
      workspaceId: key.workspaceId,
      customerId: key.customerId,
      journeyId,
      nodeId,
      since: this.now - windowMs,
      at: this.now,
    });
  }

  /** Counts one run of a journey version that started, or ended with `outcome`. */
  countRun(journeyId: string, version: number, outcome: RunOutcome): void {
    const key = `${journeyId}\u0000${version}\u0000${outcome}`;
    const counter = this.runCounts.get(key);
    if (counter) counter.runs++;
    else this.runCounts.set(key, { journeyId, version, outcome, runs: 1 });
  }

  /** Counts one run through an edge (a node's output port): it `passed`, or it later `converted`. */
  countEdge(
    journeyId: string,
    version: number,
    nodeId: string,
    port: string,
    field: 'passed' | 'converted',
  ): void {
    const key = `${journeyId}\u0000${version}\u0000${nodeId}\u0000${port}`;
    let counter = this.edgeCounts.get(key);
    if (!counter) {
      counter = { journeyId, version, nodeId, port, passed: 0, converted: 0 };
      this.edgeCounts.set(key, counter);
    }
    counter[field]++;
  }

  /** Adds to a node's running totals. */
  count(
    journeyId: string,
    version: number,
    nodeId: string,
    field: 'entered' | 'completed' | 'errored',
  ): void {
    const last = this.#lastCounter;
    if (last && last.nodeId === nodeId && last.journeyId === journeyId && last.version === version) {
      last[field]++;
      return;
    }
    const key = `${journeyId}\u0000${version}\u0000${nodeId}`;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { journeyId, version, nodeId, entered: 0, completed: 0, errored: 0 };
      this.counters.set(key, counter);
    }
    this.#lastCounter = counter;
    counter[field]++;
  }
}

/** Increments for one row of edge_counters. */
export interface EdgeCount {
  journeyId: string;
  version: number;
  nodeId: string;
  port: string;
  passed: number;
  converted: number;
}

/** Increments for one row of node_counters. */
export interface Counter {
  journeyId: string;
  version: number;
  nodeId: string;
  entered: number;
  completed: number;
  errored: number;
}

/** Increments for one row of journey_counters. */
export interface RunCount {
  journeyId: string;
  version: number;
  outcome: RunOutcome;
  runs: number;
}
