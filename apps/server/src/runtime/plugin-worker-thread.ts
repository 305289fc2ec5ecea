import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyNodeType, ExecuteInput } from '@stagecraft/sdk';
import { createGuardedFetch, EMPTY_ALLOW_LIST, parseAllowList } from '../outbound/index';

/** What the thread is started with: one `execute` call. */
export interface ThreadCall {
  module: string;
  type: string;
  version: number;
  input: ExecuteInput<Record<string, unknown>>;
  settings: Record<string, unknown>;
  nowMs: number;
  /** The operator's allow-list, as STAGECRAFT_OUTBOUND_ALLOW writes it. */
  allow: string;
}

/** Messages from the thread to the server. */
export type ThreadMessage =
  /** The plugin's module is loaded: the step's time budget starts now. */
  | { kind: 'ready' }
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; error: string }
  | { kind: 'log'; message: string; data?: Record<string, unknown> }
  | { kind: 'count'; id: number; name: string; options?: { withinDays?: number } };

/** Messages from the server to the thread: answers to `countEvents`. */
export type ServerMessage = { kind: 'count'; id: number; n?: number; error?: string };

const port = parentPort;
if (port) void run(workerData as ThreadCall);

async function run(call: ThreadCall) {
  if (!port) return;
  const post = (message: ThreadMessage) => port.postMessage(message);
  try {
    const module = (await import(pathToFileURL(call.module).href)) as { nodeTypes?: AnyNodeType[] };
    const definition = module.nodeTypes?.find((t) => t.type === call.type && t.version === call.version);
    if (!definition?.execute)
      throw new Error(`${call.type}@${call.version} has no execute in ${call.module}`);
    const allow = parseAllowList(call.allow);
    const pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
    let next = 0;
    port.on('message', (answer: ServerMessage) => {
      const waiting = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.error !== undefined) waiting?.reject(new Error(answer.error));
      else waiting?.resolve(answer.n ?? 0);
    });
    const started = Date.now();
    post({ kind: 'ready' });
    const result = await definition.execute(call.input, {
      fetch: createGuardedFetch('list' in allow ? allow.list : EMPTY_ALLOW_LIST),
      log: (message, data) => post({ kind: 'log', message: String(message), ...(data ? { data } : {}) }),
      // The server ends the thread when the budget runs out; nothing is left to abort.
      signal: new AbortController().signal,
      now: () => new Date(call.nowMs + (Date.now() - started)),
      settings: call.settings,
      countEvents: (name, options) =>
        new Promise<number>((resolve, reject) => {
          const id = next++;
          pending.set(id, { resolve, reject });
          post({ kind: 'count', id, name, ...(options ? { options } : {}) });
        }),
    });
    post({ kind: 'result', result });
  } catch (error) {
    post({ kind: 'error', error: error instanceof Error ? error.message : String(error) });
  }
}
