import type { EventMatcher } from './event-matcher';
import { MAX_RULE_DEPTH, type Rule, type Scalar } from './rules';

/** An event as rules and templates see it; `event.<field>` reads `properties` first, then the event itself. */
export interface ScopeEvent {
  name: string;
  properties?: Readonly<Record<string, unknown>>;
  at: number;
}

/**
 * What a rule or template can read. `profile.<field>` reads `profile.traits` first, then the
 * profile itself (so `profile.tags` and `profile.stage` work); `response.<nodeId>.<field>` reads a
 * stored HTTP response; `stage` is the customer's lifecycle stage.
 */
export interface RuleScope {
  profile?: Readonly<Record<string, unknown>> | null;
  /** The event that started the run (conditions) or the event being matched (filters). */
  event?: ScopeEvent | null;
  response?: Readonly<Record<string, unknown>> | null;
  stage?: string | null;
  /** Tracked events since the run entered, oldest first; read by event-count rules. */
  events?: readonly ScopeEvent[];
  /** Epoch milliseconds; `"now"` in before/after rules and event-count windows use it. */
  now?: number;
  /** Ids of the saved segments the customer is a member of; read by segment membership rules. */
  segments?: readonly string[] | null;
  /** The customer's stored lifetime value; `clv.<name>` reads it (absent values are missing). */
  clv?: Readonly<Record<string, unknown>> | null;
}

/**
 * Evaluates a rule group, field rule or event-count rule against a scope. Pure and total: a
 * malformed rule, a missing field or a value of the wrong type makes the rule false, never an
 * exception, and groups nested past the allowed depth are false.
 */
export function evaluateRules(rule: Rule, scope: RuleScope): boolean {
  try {
    return evaluate(rule, scope, 0);
  } catch {
    return false;
  }
}

/** True when an event has the matcher's name and satisfies all of its property filters. */
export function matchesEvent(matcher: EventMatcher, event: ScopeEvent, now?: number): boolean {
  if (!event || event.name !== matcher.event) return false;
  const filters = matcher.where ?? [];
  if (filters.length === 0) return true;
  return evaluateRules({ all: filters }, { event, now });
}

function evaluate(rule: unknown, scope: RuleScope, depth: number): boolean {
  if (rule === null || typeof rule !== 'object' || depth > MAX_RULE_DEPTH + 1) return false;
  const candidate = rule as Record<string, unknown>;
  if (Array.isArray(candidate.all)) return candidate.all.every((child) => evaluate(child, scope, depth + 1));
  if (Array.isArray(candidate.any)) return candidate.any.some((child) => evaluate(child, scope, depth + 1));
  if (candidate.eventCount !== undefined) return evaluateEventCount(candidate, scope);
  if (candidate.eventOrder !== undefined) return evaluateEventOrder(candidate, scope);
  if (typeof candidate.segmentId === 'string') {
    const member = (scope.segments ?? []).includes(candidate.segmentId);
    if (candidate.operator === 'in') return member;
    if (candidate.operator === 'not_in') return !member;
    return false;
  }
  if (typeof candidate.field === 'string' && typeof candidate.operator === 'string') {
    return compareField(readPath(candidate.field, scope), candidate.operator, candidate.value, scope.now);
  }
  return false;
}

function evaluateEventCount(rule: Record<string, unknown>, scope: RuleScope): boolean {
  const spec = rule.eventCount as { event?: unknown; where?: unknown; withinSeconds?: unknown } | null;
  if (spec === null || typeof spec !== 'object' || typeof spec.event !== 'string') return false;
  const where = Array.isArray(spec.where) ? spec.where : [];
  const since =
    typeof spec.withinSeconds === 'number' && typeof scope.now === 'number'
      ? scope.now - spec.withinSeconds * 1000
      : Number.NEGATIVE_INFINITY;
  let count = 0;
  for (const event of scope.events ?? []) {
    if (event.name !== spec.event || event.at < since) continue;
    const eventScope: RuleScope = { event, now: scope.now };
    if (where.every((filter) => evaluate(filter, eventScope, 1))) count++;
  }
  return compareNumbers(count, rule.operator, rule.value);
}

function evaluateEventOrder(rule: Record<string, unknown>, scope: RuleScope): boolean {
  const spec = rule.eventOrder as { first?: unknown; second?: unknown; withinSeconds?: unknown } | null;
  if (spec === null || typeof spec !== 'object') return false;
  if (typeof spec.first !== 'string' || typeof spec.second !== 'string') return false;
  const within =
    typeof spec.withinSeconds === 'number' ? spec.withinSeconds * 1000 : Number.POSITIVE_INFINITY;
  const happened = happenedInOrder(scope.events ?? [], spec.first, spec.second, within);
  if (rule.operator === 'happened') return happened;
  if (rule.operator === 'not_happened') return !happened;
  return false;
}

/** True when some `first` arrived before some `second`, at most `withinMs` apart by their own times. */
function happenedInOrder(
  events: readonly ScopeEvent[],
  first: string,
  second: string,
  withinMs: number,
): boolean {
  // The latest `first` so far is the closest to any later `second`.
  let latestFirst: number | null = null;
  for (const event of events) {
    if (event.name === second && latestFirst !== null && event.at - latestFirst <= withinMs) return true;
    if (event.name === first) latestFirst = event.at;
  }
  return false;
}

/** Reads a rule field path (`profile.plan`, `event.total`, `response.lookup.score`, `clv.predicted`, `stage`) from a scope. */
export function readPath(path: string, scope: RuleScope): unknown {
  if (path === 'stage') return scope.stage ?? undefined;
  const [root, ...rest] = path.split('.');
  if (rest.length === 0) return undefined;
  switch (root) {
    case 'profile': {
      const profile = scope.profile;
      if (!profile) return undefined;
      const traits = own(profile, 'traits');
      const fromTraits = isRecord(traits) ? readSegments(traits, rest) : undefined;
      return fromTraits !== undefined ? fromTraits : readSegments(profile, rest);
    }
    case 'event': {
      const event = scope.event;
      if (!event) return undefined;
      const fromProperties = event.properties ? readSegments(event.properties, rest) : undefined;
      return fromProperties !== undefined ? fromProperties : readSegments(event, rest);
    }
    case 'response':
      return scope.response ? readSegments(scope.response, rest) : undefined;
    case 'clv':
      return scope.clv && rest.length === 1 ? own(scope.clv, rest[0]!) : undefined;
    default:
      return undefined;
  }
}

/** Walks nested objects by own keys only; falls back to a flat dotted key (`"address.city"`). */
function readSegments(source: unknown, segments: readonly string[]): unknown {
  let current: unknown = source;
  for (const segment of segments) {
    if (!isRecord(current) && !Array.isArray(current)) {
      current = undefined;
      break;
    }
    current = own(current, segment);
  }
  if (current !== undefined || segments.length < 2 || !isRecord(source)) return current;
  return own(source, segments.join('.'));
}

function own(source: object, key: string): unknown {
  return Object.hasOwn(source, key) ? (source as Record<string, unknown>)[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function compareField(
  actual: unknown,
  operator: string,
  expected: unknown,
  now: number | undefined,
): boolean {
  switch (operator) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'not_exists':
      return actual === undefined || actual === null;
    case 'equals':
      return looselyEqual(actual, expected);
    case 'not_equals':
      return !looselyEqual(actual, expected);
    case 'contains':
      return contains(actual, expected);
    case 'not_contains':
      return !contains(actual, expected);
    case 'starts_with':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
    case 'in':
      return Array.isArray(expected) && isIn(actual, expected);
    case 'not_in':
      return Array.isArray(expected) && !isIn(actual, expected);
    case 'before':
    case 'after': {
      const left = toTime(actual, now);
      const right = toTime(expected, now);
      if (left === null || right === null) return false;
      return operator === 'before' ? left < right : left > right;
    }
    default:
      return compareNumbers(toNumber(actual), operator, toNumber(expected));
  }
}

function compareNumbers(left: unknown, operator: unknown, right: unknown): boolean {
  if (typeof left !== 'number' || typeof right !== 'number' || Number.isNaN(left) || Number.isNaN(right)) {
    return false;
  }
  switch (operator) {
    case 'equals':
      return left === right;
    case 'not_equals':
      return left !== right;
    case 'greater_than':
      return left > right;
    case 'greater_or_equal':
      return left >= right;
    case 'less_than':
      return left < right;
    case 'less_or_equal':
      return left <= right;
    default:
      return false;
  }
}

/** Equality across the types apps send: `9` equals `"9"`, `true` equals `"true"`; otherwise strict. */
function looselyEqual(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (!isScalar(actual) || !isScalar(expected) || actual === null || expected === null) return false;
  if (typeof actual === 'number' || typeof expected === 'number') {
    const left = toNumber(actual);
    const right = toNumber(expected);
    return left !== null && left === right;
  }
  if (typeof actual === 'boolean' || typeof expected === 'boolean')
    return String(actual) === String(expected);
  return false;
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((item) => looselyEqual(item, expected));
  return false;
}

function isIn(actual: unknown, list: readonly unknown[]): boolean {
  if (Array.isArray(actual)) return actual.some((item) => list.some((value) => looselyEqual(item, value)));
  return list.some((value) => looselyEqual(actual, value));
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

const RELATIVE = /^now\s*(?:([+-])\s*(\d{1,6})\s*([mhdw]))?$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A point in time from an epoch-milliseconds number, an ISO date (`2025-03-01`, read as UTC
 * midnight) or date-time, or `"now"` optionally shifted (`"now-7d"`, `"now+2h"`).
 */
export function toTime(value: unknown, now?: number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.length > 64) return null;
  const relative = RELATIVE.exec(value.trim());
  if (relative) {
    if (typeof now !== 'number') return null;
    const [, sign, amount, unit] = relative;
    if (!sign || !amount || !unit) return now;
    const shift = Number(amount) * (UNIT_MS[unit.toLowerCase()] ?? 0);
    return sign === '-' ? now - shift : now + shift;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}
