import { parentPort } from 'node:worker_threads';
import { builtinRegistry } from '@stagecraft/nodes';
import { runSimulation, type SimulationJob } from './run-simulation';

/** A job as the pool posts it; the answer carries the same id. */
export interface WorkerRequest {
  id: number;
  job: SimulationJob;
  wallTimeMs: number;
}

// Runs one simulation per message, off the server's event loop. The deadline is polled between
// engine steps; the pool terminates the thread if a single step outlasts it.
parentPort?.on('message', ({ id, job, wallTimeMs }: WorkerRequest) => {
  const deadline = performance.now() + wallTimeMs;
  try {
    const outcome = runSimulation(job, builtinRegistry, {
      pastDeadline: () => performance.now() > deadline,
      wallTimeMs,
    });
    parentPort?.postMessage({ id, outcome });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
