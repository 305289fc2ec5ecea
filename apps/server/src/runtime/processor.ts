import { randomUUID } from 'node:crypto';
import type { CompiledJourney } from '@stagecraft/compiler';
import type { SqlExecutor } from '@stagecraft/db';
import {
  type CustomerEvent,
  type Effect,
  entryTriggers,
  exitReason,
  hasProfileDateWaits,
  mayEnter,
  type RunInput,
  readsEndedRuns,
  rescheduleWait,
  type StepResult,
  startRun,
  stepRun,
} from '@stagecraft/engine';
import { matchesEvent } from '@stagecraft/graph';
import type { JourneyCatalog } from './catalog';
import type { ChangeSet } from './changes';
import { type CustomerRecord, loadEndedRuns, loadSchedules, RunRecord } from './customer-state';
import { rescheduleDateTriggers } from './date-triggers';
import { applyTimeZone, mergeTraits } from './profile';
import { recordEffects } from './record-effects';
import type { RuntimeLogger } from './types';

/** An event as stored by ingestion. */
export interface StoredEvent {
  seq: number;
  messageId: string;
  type: 'identify' | 'track' | 'page';
  name: string | null;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: number;
}

export interface ProcessorDeps {
  catalog: JourneyCatalog;
  log: RuntimeLogger;
}

/**
 * Applies inputs to one customer in memory — events, timers, I/O results, API entries — with
 * the engine's pure step function, collecting every write into a ChangeSet. It never writes.
 */
export class Processor {
  constructor(
    private readonly deps: ProcessorDeps,
    private readonly sql: SqlExecutor,
    private readonly changes: ChangeSet,
  ) {}

  private get now() {
    return this.changes.now;
  }

  /** One ingested event: profile changes and their triggers, then the customer's active runs, then event triggers. */
  async applyEvent(customer: CustomerRecord, event: StoredEvent): Promise<void> {
    this.changes.touch(customer);
    const workspace = await this.deps.catalog.workspace(this.sql, customer.workspaceId);
    const before = customer.isKnown ? customer.profile : null;
    // last_seen_at is kept to the minute: rewriting the customer row for every event of a busy
    // customer would cost a write per event for a timestamp nobody reads to the second.
    if (this.now - customer.lastSeenAt >= LAST_SEEN_PRECISION_MS) {
      customer.lastSeenAt = this.now;
      customer.markRowChanged();
    }
    // The newest event time, to the minute likewise (the funnel's churned figure reads it).
    if (customer.lastEventAt === null || event.timestamp - customer.lastEventAt >= LAST_SEEN_PRECISION_MS) {
      customer.lastEventAt = event.timestamp;
      customer.markRowChanged();
    }
    let profileChanged = applyTimeZone(customer, event.context, event.traits);
    if (event.type === 'identify') profileChanged = mergeTraits(customer, event.traits) || profileChanged;
    if (profileChanged || !customer.isKnown) {
      await this.profileChanged(customer, before, workspace.live);
      customer.markKnown();
    }
    if (event.type === 'identify') return this.settle(customer);
    const input: CustomerEvent = {
      id: event.messageId,
      name: event.type === 'page' ? 'page' : (event.name ?? ''),
      properties: event.type === 'page' ? { name: event.name, ...event.properties } : event.properties,
      at: event.timestamp,
    };
    // Before the runs step: an event converts assignments made before it arrived, not the one it causes.
    for (const goal of workspace.goals) {
      if (matchesEvent(goal.match, input, this.now)) {
        this.changes.convert(customer, goal.journeyId, goal.nodeId, goal.windowMs);
      }
    }
    for (const run of customer.runs.filter((r) => r.status === 'active' && r.state)) {
      const journey = await this.deps.catalog.compiled(this.sql, run.journeyId, run.version);
      if (journey) this.step(customer, run, journey, { type: 'event', event: input });
    }
    for (const journey of workspace.live) {
      for (const nodeId of entryTriggers(journey, { type: 'event', event: input })) {
        await this.enter(customer, journey, nodeId, input);
      }
    }
    await this.settle(customer);
  }

  /**
   * A timer of an active run; a timer of an ended run, an older visit or a wait moved to a later
   * time since (`fireAt` before the run's wake time) changes nothing.
   */
  async applyTimer(
    customer: CustomerRecord,
    runId: string,
    timer: { nodeId: string; visit: number; fireAt: number },
  ): Promise<void> {
    const run = customer.runs.find((r) => r.id === runId);
    if (run?.status !== 'active' || !run.state) return;
    const journey = await this.deps.catalog.compiled(this.sql, run.journeyId, run.version);
    if (!journey) return;
    this.changes.touch(customer);
    this.step(customer, run, journey, {
      type: 'timer',
      nodeId: timer.nodeId,
      visit: timer.visit,
      fireAt: timer.fireAt,
    });
    await this.settle(customer);
  }

  /**
   * Traits a plugin step returned, merged into the profile as identify merges them, before its
   * result moves the run; the change is offered to triggers when the result settles.
   */
  mergeTraits(customer: CustomerRecord, traits: Record<string, unknown>): void {
    this.changes.touch(customer);
    const before = customer.profile;
    if (mergeTraits(customer, traits)) customer.unseenChangeFrom ??= before;
  }

  /** The outcome of a run's HTTP request or plugin effect. */
  async applyResult(
    customer: CustomerRecord,
    runId: string,
    result: Extract<RunInput, { type: 'result' }>,
  ): Promise<void> {
    await this.applyInput(customer, runId, result);
  }

  /** Feeds any input to one run (results, and timers after migration). */
  async applyInput(customer: CustomerRecord, runId: string, input: RunInput): Promise<void> {
    const run = customer.runs.find((r) => r.id === runId);
    if (run?.status !== 'active' || !run.state) return;
    const journey = await this.deps.catalog.compiled(this.sql, run.journeyId, run.version);
    if (!journey) return;
    this.changes.touch(customer);
    this.step(customer, run, journey, input);
    await this.settle(customer);
  }

  /**
   * Offers the profile changes journeys made (update profile, tags, stage) to every live
   * journey's segment and attribute triggers and date schedules, as an identify call would.
   * Runs started by that may change the profile again; those changes are offered in turn, for
   * at most MAX_CASCADE rounds, so journeys that keep setting each other off cannot loop forever.
   * `enter` leaves this to its caller, which settles once after its entries.
   */
  async settle(customer: CustomerRecord): Promise<void> {
    for (let round = 0; customer.unseenChangeFrom; round++) {
      const before = customer.unseenChangeFrom;
      customer.unseenChangeFrom = null;
      if (round === MAX_CASCADE) {
        this.deps.log.warn(
          { ...keyOf(customer), rounds: MAX_CASCADE },
          'journeys kept changing this profile in response to each other; the last change fired no triggers',
        );
        return;
      }
      const { live } = await this.deps.catalog.workspace(this.sql, customer.workspaceId);
      await this.profileChanged(customer, before, live);
    }
  }

  /** Starts a run at a trigger node when the journey's re-entry rules allow it. */
  async enter(
    customer: CustomerRecord,
    journey: CompiledJourney,
    triggerNodeId: string,
    event: CustomerEvent | null,
  ): Promise<{ runId: string } | { refused: string }> {
    if (readsEndedRuns(journey.settings)) await loadEndedRuns(this.sql, customer, journey.journeyId);
    const history = customer.runs
      .filter((r) => r.journeyId === journey.journeyId)
      .map((r) => ({ status: r.status, enteredAt: r.enteredAt, endedAt: r.endedAt }));
    const decision = mayEnter(journey.settings, history, this.now);
    if (!decision.ok) return { refused: decision.reason };
    this.changes.touch(customer);
    const runId = randomUUID();
    const run = RunRecord.started({
      id: runId,
      journeyId: journey.journeyId,
      version: journey.version,
      status: 'active',
      state: null,
      triggerNodeId,
      enteredAt: this.now,
      endedAt: null,
      exitReason: null,
    });
    customer.runs.push(run);
    this.changes.countRun(journey.journeyId, journey.version, 'started');
    const args = {
      runId,
      customerId: customer.customerId,
      triggerNodeId,
      event,
      profile: customer.profile,
      now: this.now,
    };
    this.record(customer, run, journey, () => startRun(journey, args));
    return { runId };
  }

  private step(customer: CustomerRecord, run: RunRecord, journey: CompiledJourney, input: RunInput): void {
    const state = run.state!;
    this.record(customer, run, journey, () =>
      stepRun(journey, state, input, { profile: customer.profile, now: this.now }),
    );
  }

  /** Runs one engine step and records its effects; an engine failure fails this run, not the batch. */
  private record(
    customer: CustomerRecord,
    run: RunRecord,
    journey: CompiledJourney,
    step: () => StepResult,
  ): void {
    let result: StepResult;
    try {
      result = step();
    } catch (error) {
      this.fail(customer, run, error);
      return;
    }
    const wasActive = run.status === 'active';
    run.stepped(result.state, exitReason(result.effects, result.state.status));
    if (wasActive && run.status !== 'active') {
      this.changes.countRun(journey.journeyId, journey.version, run.status);
    }
    this.recordEffects(customer, run, journey, result.effects);
  }

  /** Records a step's effects: profile changes, stage history, step records, timers and the outbox. */
  recordEffects(customer: CustomerRecord, run: RunRecord, journey: CompiledJourney, effects: Effect[]): void {
    recordEffects(this.changes, customer, run, journey, effects);
  }

  /** Ends an active run as failed with a reason (an HTTP step set to stop the run when every try failed). */
  stopRun(customer: CustomerRecord, runId: string, reason: string): void {
    const run = customer.runs.find((r) => r.id === runId);
    if (run?.status !== 'active') return;
    this.end(customer, run, reason);
  }

  private fail(customer: CustomerRecord, run: RunRecord, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.log.error(
      { runId: run.id, journeyId: run.journeyId, err: message },
      'run failed in the engine',
    );
    this.end(customer, run, message);
  }

  private end(customer: CustomerRecord, run: RunRecord, message: string): void {
    this.changes.touch(customer);
    run.failed(message, this.now);
    this.changes.countRun(run.journeyId, run.version, 'failed');
    if (run.state?.currentNodeId) {
      this.changes.step({
        ...keyOf(customer),
        runId: run.id,
        journeyId: run.journeyId,
        version: run.version,
        nodeId: run.state.currentNodeId,
        visit: 0,
        kind: 'errored',
        port: null,
        at: this.now,
      });
    }
  }

  /** Moves the active runs' pending waits on profile dates to the customer's current dates. */
  private async rescheduleWaits(customer: CustomerRecord): Promise<void> {
    for (const run of customer.runs) {
      if (run.status !== 'active' || !run.state || run.state.wakeAt === null) continue;
      const journey = await this.deps.catalog.compiled(this.sql, run.journeyId, run.version);
      if (!journey || !hasProfileDateWaits(journey)) continue;
      const state = run.state;
      const moved = rescheduleWait(journey, state, { profile: customer.profile, now: this.now });
      if (moved) this.record(customer, run, journey, () => moved);
    }
  }

  /** Waits moved, then profile triggers (segment, attribute) and date-trigger schedules after the profile changed. */
  private async profileChanged(
    customer: CustomerRecord,
    before: CustomerRecord['profile'] | null,
    live: CompiledJourney[],
  ) {
    // The profile each trigger compares with: entries below may change it again (see settle).
    const after = customer.profile;
    await this.rescheduleWaits(customer);
    for (const journey of live) {
      for (const nodeId of entryTriggers(journey, { type: 'profile', before, after })) {
        await this.enter(customer, journey, nodeId, null);
      }
    }
    if (live.some((j) => j.triggers.some((t) => t.spec.kind === 'date'))) {
      await loadSchedules(this.sql, customer);
      rescheduleDateTriggers(customer, live, this.changes);
    }
  }
}

const keyOf = (c: CustomerRecord) => ({ workspaceId: c.workspaceId, customerId: c.customerId });
const LAST_SEEN_PRECISION_MS = 60_000;
/** Rounds of journeys reacting to each other's profile changes within one input. */
const MAX_CASCADE = 5;
