import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { builtinNodeTypes, builtinRegistry } from '@stagecraft/nodes';
import { type AnyNodeType, createRegistry, type NodeRegistry } from '@stagecraft/sdk';
import { runSimulation, type SimulationJob } from './run-simulation';

/** A job as the pool posts it; the answer carries the same id. */
export interface WorkerRequest {
  id: number;
  job: SimulationJob;
  wallTimeMs: number;
}

// Runs one simulation per message, off the server's event loop. The deadline is polled between
// engine steps; the pool terminates the thread if a single step outlasts it.
/** What a thread is started with: the plugin modules whose node types join the built-ins. */
export interface WorkerSetup {
  pluginModules: string[];
}

/** The server's registry, rebuilt in this thread: the built-ins and the plugins' node types. */
async function loadRegistry(setup: WorkerSetup | undefined): Promise<NodeRegistry> {
  const modules = setup?.pluginModules ?? [];
  if (modules.length === 0) return builtinRegistry;
  const added: AnyNodeType[] = [];
  for (const file of modules) {
    const module = (await import(pathToFileURL(file).href)) as { nodeTypes: AnyNodeType[] };
    added.push(...module.nodeTypes);
  }
  return createRegistry([...builtinNodeTypes, ...added]);
}

const registry = loadRegistry(workerData as WorkerSetup | undefined);

parentPort?.on('message', async ({ id, job, wallTimeMs }: WorkerRequest) => {
  try {
    const deadline = performance.now() + wallTimeMs;
    const outcome = runSimulation(job, await registry, {
      pastDeadline: () => performance.now() > deadline,
      wallTimeMs,
    });
    parentPort?.postMessage({ id, outcome });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
