import type { CallOutcome } from './http-call';

/** Largest JSON a plugin step may return (its data and profile traits together). */
export const MAX_PLUGIN_OUTPUT_BYTES = 1024 * 1024;

/**
 * A plugin's `execute` result as the run takes it, or why it cannot be taken: not an object with
 * a boolean `ok`, a port the node does not have, traits that are not an object, or output that
 * is not JSON or is larger than the limit. A result the runtime cannot take is retried as a
 * failure; one the plugin reports failed (`ok: false`) is final.
 */
export function readPluginResult(value: unknown, ports: readonly string[]): CallOutcome {
  const fault = (why: string): CallOutcome => ({
    ok: false,
    retry: true,
    status: null,
    error: `the step returned ${why}`,
  });
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fault('no result object ({ ok: true | false, ... })');
  const result = value as Record<string, unknown>;
  if (typeof result.ok !== 'boolean') return fault('a result without a boolean "ok"');
  if (result.error !== undefined && typeof result.error !== 'string')
    return fault('an "error" that is not text');
  const port = result.port;
  if (port !== undefined && (typeof port !== 'string' || !ports.includes(port)))
    return fault(
      `the port ${JSON.stringify(port)?.slice(0, 80)}, which the step does not have (${ports.join(', ')})`,
    );
  const profile = result.profile;
  if (profile !== undefined && (typeof profile !== 'object' || profile === null || Array.isArray(profile)))
    return fault('"profile" traits that are not an object');
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify({ data: result.data ?? null, profile: profile ?? null }));
  } catch (error) {
    return fault(`output that is not JSON (${(error as Error).message.slice(0, 120)})`);
  }
  if (size > MAX_PLUGIN_OUTPUT_BYTES)
    return fault(`${(size / 1024 / 1024).toFixed(1)} MB of output; at most 1 MB is kept`);
  const extra = {
    ...(port !== undefined ? { port: port as string } : {}),
    ...(profile !== undefined ? { profile: profile as Record<string, unknown> } : {}),
  };
  if (result.ok) return { ok: true, status: null, data: result.data ?? null, ...extra };
  return {
    ok: false,
    retry: false,
    status: null,
    data: result.data,
    error: ((result.error as string | undefined) ?? 'the step reported failure').slice(0, 2_000),
    ...extra,
  };
}
