import { Worker } from 'node:worker_threads';
import { tsxWorkerCode } from '../worker-code';
import type { SimulationJob, SimulationOutcome } from './run-simulation';
import type { WorkerRequest, WorkerSetup } from './simulation-worker';

export interface SimulationPoolOptions {
  /** Worker threads running simulations at once. */
  workers: number;
  /** Jobs that may wait for a thread; past that, `run` refuses at once. */
  queue: number;
  /** Time one simulation may compute; a thread still busy a second later is terminated. */
  wallTimeMs: number;
  /** Heap one worker thread may use, in MB; past it the thread dies and the job answers `memory`. */
  memoryMb?: number;
  /** Modules exporting plugin node types, loaded by each thread next to the built-ins. */
  pluginModules?: string[];
}

/** Every thread is busy and the queue is full; the caller should answer 503 with Retry-After. */
export class PoolFullError extends Error {
  constructor() {
    super('Every simulation worker is busy and the queue is full.');
    this.name = 'PoolFullError';
  }
}

interface Pending {
  /** The job, or its promise: a place is taken at once, the job is posted when it is ready. */
  job: SimulationJob | Promise<SimulationJob>;
  wallTimeMs: number;
  resolve: (outcome: SimulationOutcome) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current: (Pending & { id: number; timer: NodeJS.Timeout }) | null;
}

const WORKER_URL = new URL('./simulation-worker.ts', import.meta.url);
/** Slack past the engine's own deadline before the thread is terminated from outside. */
const TERMINATE_GRACE_MS = 1_000;
const DEFAULT_MEMORY_MB = 512;

/**
 * Runs simulations on a few worker threads so the event loop stays free: at most `workers` at
 * once, `queue` more waiting, and each within its wall time (the engine stops itself; a thread
 * that does not answer in time is terminated and replaced).
 */
export class SimulationPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: SimulationPoolOptions) {}

  /**
   * Runs a job when a thread is free, within `wallTimeMs` (the pool's by default); rejects with
   * `PoolFullError` when no thread is free and the queue is full.
   */
  run(
    job: SimulationJob | Promise<SimulationJob>,
    wallTimeMs = this.options.wallTimeMs,
  ): Promise<SimulationOutcome> {
    return new Promise((resolve, reject) => {
      const pending = { job, wallTimeMs, resolve, reject };
      const slot = this.freeSlot();
      if (slot) this.dispatch(slot, pending);
      else if (this.waiting.length < this.options.queue) this.waiting.push(pending);
      else reject(new PoolFullError());
    });
  }

  /** Terminates every thread; jobs still running or waiting are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) pending.reject(new Error('The server is shutting down.'));
    await Promise.all(
      this.slots.splice(0).map((slot) => this.retire(slot, new Error('The server is shutting down.'))),
    );
  }

  private freeSlot(): Slot | null {
    const idle = this.slots.find((slot) => slot.current === null);
    if (idle) return idle;
    if (this.slots.length >= this.options.workers || this.closed) return null;
    const slot = this.spawn();
    this.slots.push(slot);
    return slot;
  }

  private spawn(): Slot {
    const memoryMb = this.options.memoryMb ?? DEFAULT_MEMORY_MB;
    const worker = new Worker(tsxWorkerCode(WORKER_URL), {
      eval: true,
      workerData: { pluginModules: this.options.pluginModules ?? [] } satisfies WorkerSetup,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    const slot: Slot = { worker, current: null };
    worker.on('message', (message: { id: number; outcome?: SimulationOutcome; error?: string }) => {
      const current = slot.current;
      if (!current || current.id !== message.id) return;
      this.finish(slot);
      if (message.outcome) current.resolve(message.outcome);
      else current.reject(new Error(message.error ?? 'The simulation failed.'));
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const current = slot.current;
      this.drop(slot);
      if (!current) return;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
        current.resolve({ ok: false, reason: 'limit', limit: 'memory', max: memoryMb });
      else current.reject(error);
    });
    worker.on('exit', () => {
      const current = slot.current;
      this.drop(slot);
      current?.reject(new Error('The simulation worker stopped.'));
    });
    // An idle thread must not keep the process alive.
    worker.unref();
    return slot;
  }

  private dispatch(slot: Slot, pending: Pending): void {
    const id = this.nextId++;
    const { wallTimeMs } = pending;
    const timer = setTimeout(() => {
      const current = slot.current;
      this.drop(slot);
      void slot.worker.terminate();
      current?.resolve({ ok: false, reason: 'limit', limit: 'wall-time', max: wallTimeMs });
    }, wallTimeMs + TERMINATE_GRACE_MS);
    slot.current = { ...pending, id, timer };
    slot.worker.ref();
    Promise.resolve(pending.job).then(
      (job) => {
        if (slot.current?.id === id) slot.worker.postMessage({ id, job, wallTimeMs } satisfies WorkerRequest);
      },
      (error: Error) => {
        if (slot.current?.id !== id) return;
        this.finish(slot);
        pending.reject(error);
      },
    );
  }

  /** The slot's job is done: free it and start the next waiting job on it. */
  private finish(slot: Slot): void {
    if (slot.current) clearTimeout(slot.current.timer);
    slot.current = null;
    slot.worker.unref();
    const next = this.waiting.shift();
    if (next) this.dispatch(slot, next);
  }

  /** The slot's thread is gone or going: forget it, and start a waiting job on a fresh one. */
  private drop(slot: Slot): void {
    if (slot.current) clearTimeout(slot.current.timer);
    slot.current = null;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const next = this.waiting.length > 0 ? this.freeSlot() : null;
    if (next) this.dispatch(next, this.waiting.shift() as Pending);
  }

  private async retire(slot: Slot, reason: Error): Promise<void> {
    const current = slot.current;
    if (current) clearTimeout(current.timer);
    slot.current = null;
    slot.worker.removeAllListeners();
    await slot.worker.terminate();
    current?.reject(reason);
  }
}
