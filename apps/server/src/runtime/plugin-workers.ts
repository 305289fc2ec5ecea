import { Worker } from 'node:worker_threads';
import type { AllowList } from '../outbound/index';
import { tsxWorkerCode } from '../worker-code';
import type { WorkerCall } from './plugin-step';
import { StepTimeout } from './plugin-step';
import type { ServerMessage, ThreadCall, ThreadMessage } from './plugin-worker-thread';

const THREAD_URL = new URL('./plugin-worker-thread.ts', import.meta.url);
/** How long a thread may take to start and load the plugin before the step's own budget starts. */
const STARTUP_MS = 15_000;
/** Heap of one plugin thread: enough for real work, not enough to take the server's memory. */
const THREAD_MEMORY_MB = 256;

/**
 * Runs one `execute` in a thread of its own, so CPU-heavy plugin code cannot hold the server's
 * event loop; the thread is ended when the time budget runs out (or the code finishes).
 */
export function runInThread(call: WorkerCall, allow: AllowList): Promise<unknown> {
  const data: ThreadCall = {
    module: call.module,
    type: call.type,
    version: call.version,
    input: call.input,
    settings: call.settings,
    nowMs: call.nowMs,
    allow: allow.entries.join(','),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(tsxWorkerCode(THREAD_URL), {
      eval: true,
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: THREAD_MEMORY_MB },
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    let timer = setTimeout(
      () => finish(() => reject(new Error(`the step's thread did not start within ${STARTUP_MS} ms`))),
      STARTUP_MS,
    );
    worker.on('message', (message: ThreadMessage) => {
      if (message.kind === 'ready') {
        clearTimeout(timer);
        timer = setTimeout(() => finish(() => reject(new StepTimeout(call.timeoutMs))), call.timeoutMs);
      } else if (message.kind === 'result') finish(() => resolve(message.result));
      else if (message.kind === 'error') finish(() => reject(new Error(message.error)));
      else if (message.kind === 'log') call.log(message.message, message.data);
      else if (message.kind === 'count') {
        call.countEvents(message.name, message.options).then(
          (n) => worker.postMessage({ kind: 'count', id: message.id, n } satisfies ServerMessage),
          (error: unknown) =>
            worker.postMessage({
              kind: 'count',
              id: message.id,
              error: error instanceof Error ? error.message : String(error),
            } satisfies ServerMessage),
        );
      }
    });
    worker.on('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new Error(`the step ran out of memory (${THREAD_MEMORY_MB} MB)`)
            : error,
        ),
      ),
    );
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`the step's thread stopped (exit code ${code})`))),
    );
  });
}
