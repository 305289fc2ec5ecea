import type { AnyNodeType, ExecuteResult, PortSpec } from '@stagecraft/sdk';

/** What the runtime keeps of one result's data and traits together. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * The result of `execute` when it has the shape the runtime accepts; otherwise throws with what
 * to fix, so a plugin's own tests catch what the runtime would treat as a failed step.
 */
export function checkResult(
  result: unknown,
  definition: AnyNodeType,
  ports: readonly PortSpec[],
): ExecuteResult {
  const where = `${definition.type}@${definition.version} execute`;
  if (result === null || typeof result !== 'object' || Array.isArray(result))
    throw new Error(`${where} returned ${describe(result)}; return an object such as { ok: true, data }.`);
  const { ok, error, port, profile, data } = result as Record<string, unknown>;
  if (typeof ok !== 'boolean')
    throw new Error(`${where} returned ok = ${describe(ok)}; ok must be true or false.`);
  if (error !== undefined && typeof error !== 'string')
    throw new Error(`${where} returned error = ${describe(error)}; error must be a string message.`);
  if (port !== undefined && !ports.some((candidate) => candidate.id === port))
    throw new Error(
      `${where} returned port "${String(port)}", which the step does not have; use one of: ${ports.map((p) => p.id).join(', ') || 'none'}.`,
    );
  if (profile !== undefined && (profile === null || typeof profile !== 'object' || Array.isArray(profile)))
    throw new Error(`${where} returned profile = ${describe(profile)}; profile must be an object of traits.`);
  if (data !== undefined && !isJson(data))
    throw new Error(
      `${where} returned data that is not plain JSON; store strings, numbers, booleans, arrays and objects only.`,
    );
  const size = new TextEncoder().encode(
    JSON.stringify({ data: data ?? null, profile: profile ?? null }),
  ).length;
  if (size > MAX_OUTPUT_BYTES)
    throw new Error(
      `${where} returned ${(size / 1024 / 1024).toFixed(1)} MB of data and traits; the runtime keeps at most 1 MB, so store less (an id, not the whole record).`,
    );
  return result as ExecuteResult;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isJson(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((item) => isJson(item, depth + 1));
}
