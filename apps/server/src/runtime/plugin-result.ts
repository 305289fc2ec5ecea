import { inspectExecuteResult } from '@stagecraft/sdk';
import type { CallOutcome } from './http-call';

/** The longest a failure the plugin reports is kept. */
const ERROR_CHARS = 2_000;

/**
 * A plugin's `execute` result as the run takes it, or why it cannot be taken, judged by the
 * SDK's `inspectExecuteResult` (the rule the plugin's own tests use). A result the runtime cannot
 * take is retried as a failure; one the plugin reports failed (`ok: false`) is final.
 */
export function readPluginResult(value: unknown, ports: readonly string[]): CallOutcome {
  const inspection = inspectExecuteResult(value, ports);
  if (!inspection.ok)
    return { ok: false, retry: true, status: null, error: `the step returned ${inspection.problem}` };
  const { ok, data, error, port, profile } = inspection.result;
  const extra = {
    ...(port !== undefined ? { port } : {}),
    ...(profile !== undefined ? { profile } : {}),
  };
  if (ok) return { ok: true, status: null, data: data ?? null, ...extra };
  return {
    ok: false,
    retry: false,
    status: null,
    data,
    error: (error ?? 'the step reported failure').slice(0, ERROR_CHARS),
    ...extra,
  };
}
