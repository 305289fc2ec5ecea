import type { ExecuteResult } from './define-node-type';

/** The most a step's `data` and `profile` traits may take together, as UTF-8 JSON. */
export const MAX_EXECUTE_OUTPUT_BYTES = 1024 * 1024;

const MEGABYTES = MAX_EXECUTE_OUTPUT_BYTES / 1024 / 1024;

/** How deeply `data` and `profile` may nest. */
const MAX_DEPTH = 64;

/** An `execute` result the runtime takes, or what is wrong with it (one problem, with its fix). */
export type ExecuteResultInspection = { ok: true; result: ExecuteResult } | { ok: false; problem: string };

/**
 * Checks what a node type's `execute` returned against the rules the runtime and the test kit
 * share: an object with a boolean `ok`, a text `error`, one of `portIds` as `port`, an object of
 * traits as `profile`, and `data` and `profile` that are plain JSON (strings, finite numbers,
 * booleans, null, arrays and plain objects, at most 64 levels deep) of at most
 * `MAX_EXECUTE_OUTPUT_BYTES` together. A problem reads after "<step> returned ".
 */
export function inspectExecuteResult(value: unknown, portIds: readonly string[]): ExecuteResultInspection {
  const problem = problemOf(value, portIds);
  return problem === null ? { ok: true, result: value as ExecuteResult } : { ok: false, problem };
}

function problemOf(value: unknown, portIds: readonly string[]): string | null {
  if (!isRecord(value))
    return `${describe(value)} instead of a result object; return an object such as { ok: true, data }`;
  const { ok, error, port, profile } = value;
  if (typeof ok !== 'boolean') return `ok = ${describe(ok)}; ok must be true or false`;
  if (error !== undefined && typeof error !== 'string')
    return `error = ${describe(error)}; error must be a string message`;
  if (port !== undefined && (typeof port !== 'string' || !portIds.includes(port)))
    return `the port ${describe(port)}, which the step does not have; ${
      portIds.length > 0
        ? `use one of: ${portIds.join(', ')}`
        : 'it has no ports to choose, so leave port out'
    }`;
  if (profile !== undefined && !isRecord(profile))
    return `profile = ${describe(profile)}; profile must be an object of traits`;
  const size = { bytes: 0 };
  for (const field of ['data', 'profile'] as const) {
    if (value[field] === undefined) continue;
    const found = jsonProblem(value[field], [field], size);
    if (found !== null)
      return `${found}; store only strings, finite numbers, booleans, null, arrays and plain objects`;
  }
  if (size.bytes > MAX_EXECUTE_OUTPUT_BYTES)
    return `data and traits of more than ${MEGABYTES} MB as JSON; the runtime keeps at most ${MEGABYTES} MB, so store less (an id, not the whole record)`;
  return null;
}

/**
 * What in `value` is not plain JSON (and where), or null; adds its size as UTF-8 JSON to
 * `size.bytes`, and stops looking once that is past the limit (the caller reports the size).
 * `path` holds the segments leading to `value` and is restored before returning.
 */
function jsonProblem(value: unknown, path: Array<string | number>, size: { bytes: number }): string | null {
  if (size.bytes > MAX_EXECUTE_OUTPUT_BYTES) return null;
  if (path.length > MAX_DEPTH + 1)
    return `${path[0]} nested more than ${MAX_DEPTH} levels deep (or referring to itself)`;
  switch (typeof value) {
    case 'string':
      size.bytes += jsonStringBytes(value, MAX_EXECUTE_OUTPUT_BYTES - size.bytes);
      return null;
    case 'boolean':
      size.bytes += value ? 4 : 5;
      return null;
    case 'number':
      if (!Number.isFinite(value)) return `${value} at ${pathText(path)}`;
      size.bytes += String(value).length;
      return null;
    case 'object':
      break;
    default:
      return `${kindOf(value)} at ${pathText(path)}`;
  }
  if (value === null) {
    size.bytes += 4;
    return null;
  }
  if (Array.isArray(value)) {
    size.bytes += 1 + Math.max(value.length, 1); // brackets and commas
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const found = jsonProblem(value[i], path, size);
      path.pop();
      if (found !== null || size.bytes > MAX_EXECUTE_OUTPUT_BYTES) return found;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${kindOf(value)} at ${pathText(path)}`;
  const keys = Object.keys(value);
  size.bytes += 1 + Math.max(keys.length, 1); // braces and commas
  for (const key of keys) {
    size.bytes += jsonStringBytes(key, MAX_EXECUTE_OUTPUT_BYTES - size.bytes) + 1; // and the colon
    path.push(key);
    const found = jsonProblem((value as Record<string, unknown>)[key], path, size);
    path.pop();
    if (found !== null || size.bytes > MAX_EXECUTE_OUTPUT_BYTES) return found;
  }
  return null;
}

/**
 * The UTF-8 length of `JSON.stringify(text)`, counted without building it; once that is surely
 * more than `budget`, some number above `budget`.
 */
function jsonStringBytes(text: string, budget: number): number {
  let bytes = text.length + 2; // each UTF-16 unit is at least one byte; and the quotes
  if (bytes > budget || PRINTABLE_ASCII.test(text)) return bytes;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (SHORT_ESCAPES.has(code))
        bytes += 1; // \" \\ \b \t \n \f \r
      else if (code < 0x20) bytes += 5; // \u00XX
    } else if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // a pair: two units, four bytes
        i++;
      } else bytes += 5; // a lone surrogate is written \uXXXX
    } else bytes += 2;
  }
  return bytes;
}

/** Characters JSON writes as a backslash and one letter. */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x08, 0x09, 0x0a, 0x0c, 0x0d]);

/** Text JSON writes as it is, one byte a character. */
const PRINTABLE_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7f]*$/;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `data.items[2]["first name"]` from its segments, the first being the field. */
function pathText(path: ReadonlyArray<string | number>): string {
  return path
    .map((segment, i) => {
      if (i === 0) return segment;
      if (typeof segment === 'number') return `[${segment}]`;
      return IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a non-JSON value is, for a message: `undefined`, `a function`, `a Date`, ... */
function kindOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object that is not plain';
}

/** A short rendering of a returned value, for a message. */
function describe(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return kindOf(value);
  let text: string;
  try {
    text = JSON.stringify(typeof value === 'string' ? value.slice(0, 80) : value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
