import { processBackfill } from './backfill';
import type { RuntimeContext } from './context';
import { customerKey } from './customer-state';
import { processDeliveries, recoverInterrupted } from './delivery-worker';
import { BatchFailed, processEvents, skipOldestEvent } from './event-worker';
import { failJob, JobsFailed } from './jobs';
import { processTimers } from './timer-worker';

/** Batch sizes: big enough to amortise a transaction, small enough to keep latency and locks short. */
export const BATCH = { events: 200, timers: 500, deliveries: 50 } as const;
/** Polling when idle; in-process work wakes a worker at once, other processes' work by the poll. */
const IDLE_MS = { events: 250, timers: 500, deliveries: 500 } as const;
/** A row left in `sending` this long after its claim belongs to a process that died mid-call. */
const INTERRUPTED_AFTER_MS = 10 * 60_000;
const RECOVERY_EVERY_MS = 60_000;
/** Failures of one customer's oldest event, on its own, before that event is skipped. */
const POISON_AFTER = 3;

type WorkerName = keyof typeof BATCH;

/** A wake-up flag a sleeping loop can wait on. */
class Signal {
  #resolve: (() => void) | null = null;
  #pending = false;
  notify(): void {
    this.#pending = true;
    this.#resolve?.();
  }
  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#resolve = null;
        self.#pending = false;
        resolve();
      }
      this.#resolve = done;
    });
  }
}

/** The background loops of one process: events, timers, deliveries, and recovery of interrupted calls. */
export class Workers {
  readonly #signals: Record<WorkerName, Signal> = {
    events: new Signal(),
    timers: new Signal(),
    deliveries: new Signal(),
  };
  readonly #recoverySignal = new Signal();
  /** Batches still to take one customer at a time after a failure. */
  #narrowing = 0;
  /** Timer batches still to take one job at a time after a failure. */
  #narrowingTimers = 0;
  readonly #failures = new Map<string, number>();
  #running: Promise<void>[] = [];
  #stopping = false;

  constructor(private readonly ctx: RuntimeContext) {}

  wake(name: WorkerName): void {
    this.#signals[name].notify();
  }

  /** Runs each kind of work once, in order; how many items were handled. */
  async once(): Promise<number> {
    return (
      (await this.#events(true)) +
      (await this.#timers(true)) +
      (await processDeliveries(this.ctx, BATCH.deliveries)) +
      (await this.ctx.inFlight.settled())
    );
  }

  /** Starts `concurrency[kind]` loops of each kind; they share work through row and advisory locks. */
  start(concurrency: Record<WorkerName, number>): void {
    this.#stopping = false;
    const work: Record<WorkerName, () => Promise<number>> = {
      events: () => this.#events(false),
      timers: () => this.#timers(false),
      deliveries: () => processDeliveries(this.ctx, BATCH.deliveries),
    };
    const loops = (Object.keys(work) as WorkerName[]).flatMap((name) =>
      Array.from({ length: concurrency[name] }, () => [name, work[name]] as const),
    );
    this.#running = loops.map(([name, work]) => this.#loop(name, work));
    this.#running.push(this.#recovery());
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    for (const signal of [...Object.values(this.#signals), this.#recoverySignal]) signal.notify();
    await Promise.all(this.#running);
    await this.ctx.inFlight.settled();
    this.#running = [];
  }

  /**
   * Applies a batch of events. When a batch fails, the next batches take one customer at a time
   * until the failing customer is found; a customer whose oldest event fails three times on its
   * own has that event skipped (recorded on the event), so one bad event cannot stall the queue.
   */
  async #events(swallow: boolean): Promise<number> {
    try {
      const done = await processEvents(this.ctx, this.#narrowing > 0 ? 1 : BATCH.events);
      if (this.#narrowing > 0) this.#narrowing--;
      return done;
    } catch (error) {
      if (!(error instanceof BatchFailed)) throw error;
      const [only] = error.keys;
      if (error.keys.length > 1 || !only) this.#narrowing = BATCH.events;
      else {
        const key = customerKey(only);
        const failures = (this.#failures.get(key) ?? 0) + 1;
        this.#failures.set(key, failures);
        if (failures >= POISON_AFTER) {
          this.#failures.delete(key);
          await skipOldestEvent(this.ctx, only, error.message);
          return 1;
        }
      }
      if (!swallow) throw error;
      this.ctx.log.error({ err: error.message }, 'event batch failed; retrying customer by customer');
      return 1;
    }
  }

  /**
   * Fires due timers, then one backfill chunk (both are scheduled work, and backfills are rare).
   * When work on taken jobs fails, the jobs are due again at once; the next batches take one job
   * at a time until the failing job is alone, and a job failing alone is retried with backoff
   * and, after its last attempt, kept as a dead letter (failJob), so one bad job cannot stall
   * the jobs due after it.
   */
  async #timers(swallow: boolean): Promise<number> {
    try {
      const fired = await processTimers(this.ctx, this.#narrowingTimers > 0 ? 1 : BATCH.timers);
      if (this.#narrowingTimers > 0) this.#narrowingTimers--;
      return fired + (await processBackfill(this.ctx));
    } catch (error) {
      if (!(error instanceof JobsFailed)) throw error;
      const [only] = error.jobs;
      if (error.jobs.length > 1 || !only) this.#narrowingTimers = BATCH.timers;
      else {
        const dead = await failJob(this.ctx.database.sql, only, error.message, this.ctx.now());
        this.ctx.log.error(
          { job: only, err: error.message, dead },
          dead ? 'job failed for the last time; kept as a dead letter' : 'job failed; retrying with backoff',
        );
        return 1;
      }
      if (!swallow) throw error;
      this.ctx.log.error({ err: error.message }, 'timer batch failed; retrying job by job');
      return 1;
    }
  }

  async #loop(name: WorkerName, work: () => Promise<number>): Promise<void> {
    while (!this.#stopping) {
      let done = 0;
      try {
        done = await work();
      } catch (error) {
        this.ctx.log.error(
          { worker: name, err: error instanceof Error ? error.message : String(error) },
          'worker failed; retrying',
        );
        await this.#signals[name].wait(1_000);
        continue;
      }
      // A full batch probably means more is waiting; an empty one means sleep until woken or polled.
      if (done === 0 && !this.#stopping) await this.#signals[name].wait(IDLE_MS[name]);
    }
  }

  async #recovery(): Promise<void> {
    while (!this.#stopping) {
      try {
        await recoverInterrupted(this.ctx, INTERRUPTED_AFTER_MS);
      } catch (error) {
        this.ctx.log.error(
          { err: error instanceof Error ? error.message : String(error) },
          'recovery failed',
        );
      }
      await this.#recoverySignal.wait(RECOVERY_EVERY_MS);
    }
  }
}
