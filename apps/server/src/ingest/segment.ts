import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { IngestMessage } from '../runtime/types';
import { EVENT_LIMITS, limitBreach } from './limits';
import { normaliseRevenue } from './revenue';

/** Segment message types Stagecraft stores; `screen` is kept as a page view. */
const STORED = new Set(['identify', 'track', 'page', 'screen']);
/** Types Segment clients may send that journeys have no use for yet: accepted and skipped. */
const SKIPPED = new Set(['group', 'alias']);

type Raw = Record<string, unknown>;

/** What the batch-level fields of a request contribute to each message. */
export interface BatchContext {
  receivedAt: number;
  /** The request's `sentAt`, used to correct the sender's clock when a message has none. */
  sentAt?: unknown;
  /** Batch-level `context` (RudderStack and the HTTP API allow it); message context wins. */
  context?: unknown;
}

/**
 * Turns one Segment-spec message into what the runtime stores, or null for a type that is
 * accepted but not stored. Throws a 400 naming the field (`batch.3.event`) when it is malformed.
 */
export function normaliseMessage(
  raw: unknown,
  fallbackType: IngestMessage['type'] | null,
  batch: BatchContext,
  at: string,
): IngestMessage | null {
  const field = (name: string) => [at, name].filter(Boolean).join('.') || 'body';
  const fail = (name: string, problem: string): never => {
    throw new AppError('invalid-payload', {
      field: field(name),
      message: `${field(name)} ${problem}`,
    });
  };
  if (!isObject(raw))
    return fail('', 'must be a JSON object such as {"type":"track","userId":"u1","event":"Signed Up"}.');

  const declared = raw.type ?? fallbackType;
  if (typeof declared !== 'string') return fail('type', 'is required: one of "identify", "track", "page".');
  if (SKIPPED.has(declared)) return null;
  if (!STORED.has(declared))
    return fail('type', `"${declared}" is not supported; use "identify", "track" or "page".`);
  if (fallbackType && raw.type !== undefined && raw.type !== fallbackType) {
    return fail(
      'type',
      `is "${String(raw.type)}" but this endpoint takes "${fallbackType}" messages; use /v1/batch for mixed types.`,
    );
  }
  const type: IngestMessage['type'] = declared === 'screen' ? 'page' : (declared as IngestMessage['type']);

  const userId = identity(raw.userId, 'userId', field) ?? identity(raw.anonymousId, 'anonymousId', field);
  if (!userId) return fail('userId', 'is required: send "userId" (or "anonymousId") as a non-empty string.');

  let event: string | null = null;
  if (type === 'track') {
    if (typeof raw.event !== 'string' || raw.event.trim() === '') {
      return fail('event', 'is required for track calls: name the event, e.g. "Order Completed".');
    }
    event = (raw.event as string).trim();
  } else if (type === 'page') {
    if (raw.name !== undefined && raw.name !== null && typeof raw.name !== 'string')
      return fail('name', 'must be a string.');
    event = typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name.trim() : null;
  }
  if (event !== null && event.length > EVENT_LIMITS.nameLength) {
    return fail(
      type === 'track' ? 'event' : 'name',
      `is ${event.length} characters long; names may be at most ${EVENT_LIMITS.nameLength} characters, so shorten it.`,
    );
  }

  const properties = objectField(raw.properties, 'properties', field);
  const own = objectField(raw.context, 'context', field);
  // Most requests carry no batch-level context: then the message's own object is used as is.
  const context =
    batch.context === undefined || batch.context === null
      ? own
      : Object.assign(
          {},
          objectField(batch.context, 'context', (n) => n),
          own,
        );
  const traits = objectField(
    raw.traits ?? (type === 'identify' ? context.traits : undefined),
    'traits',
    field,
  );

  for (const [name, bag] of [
    ['properties', properties],
    ['traits', traits],
    ['context', context],
  ] as const) {
    const breach = limitBreach(bag);
    if (breach) return fail([name, breach.path].filter(Boolean).join('.'), breach.problem);
  }

  if (raw.messageId !== undefined && raw.messageId !== null) {
    const ok =
      (typeof raw.messageId === 'string' && raw.messageId.length > 0) || typeof raw.messageId === 'number';
    if (!ok || String(raw.messageId).length > 200)
      return fail('messageId', 'must be a non-empty string of at most 200 characters.');
  }
  const messageId =
    raw.messageId === undefined || raw.messageId === null ? randomUUID() : String(raw.messageId);

  return {
    messageId,
    type,
    userId,
    event,
    properties:
      type === 'track' ? normaliseRevenue(event ?? '', properties, field('properties')) : properties,
    traits,
    timestamp: eventTime(raw, batch, field),
    receivedAt: batch.receivedAt,
    context,
  };
}

/**
 * When the event happened. An explicit `timestamp` wins; otherwise `originalTimestamp` is shifted
 * by the sender's clock error (sentAt vs. our receipt), as Segment does; otherwise now. Every
 * date sent, and the result, must lie between 1970 and a year after receipt (EVENT_LIMITS).
 */
function eventTime(raw: Raw, batch: BatchContext, field: FieldName): number {
  const at = batch.receivedAt;
  const timestamp = time(raw.timestamp, 'timestamp', field, at);
  const original = time(raw.originalTimestamp, 'originalTimestamp', field, at);
  const sentAt = time(raw.sentAt, 'sentAt', field, at) ?? time(batch.sentAt, 'sentAt', (n) => n, at);
  time(raw.receivedAt, 'receivedAt', field, at);
  if (timestamp !== null) return timestamp;
  if (original === null) return at;
  if (sentAt === null) return original;
  const corrected = at - (sentAt - original);
  if (!inRange(corrected, at)) {
    throw outOfRange(
      field('originalTimestamp'),
      `${field('originalTimestamp')}, corrected by the gap between sentAt and the time of receipt, falls outside`,
      at,
    );
  }
  return corrected;
}

/** Field names are spelled out (`batch.3.timestamp`) only when an error needs them. */
type FieldName = (name: string) => string;

function time(value: unknown, key: string, field: FieldName, receivedAt: number): number | null {
  if (value === undefined || value === null) return null;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    const name = field(key);
    throw new AppError('invalid-payload', {
      field: name,
      message: `${name} must be an ISO 8601 date such as "2026-01-31T09:30:00Z".`,
    });
  }
  if (!inRange(ms, receivedAt)) throw outOfRange(field(key), `${field(key)} is outside`, receivedAt);
  return ms;
}

const inRange = (ms: number, receivedAt: number) =>
  ms >= EVENT_LIMITS.earliestTime && ms <= receivedAt + EVENT_LIMITS.futureMs;

function outOfRange(name: string, subject: string, receivedAt: number): AppError {
  const latest = new Date(receivedAt + EVENT_LIMITS.futureMs).toISOString();
  return new AppError('invalid-payload', {
    field: name,
    message: `${subject} the accepted range, 1970-01-01T00:00:00Z to ${latest} (a year from now); send the date the event happened, in UTC or with its offset.`,
  });
}

function identity(value: unknown, key: string, field: FieldName): string | null {
  if (value === undefined || value === null || value === '') return null;
  // Segment's own clients send numeric ids as strings; accept numbers the same way.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const name = () => field(key);
  if (typeof value !== 'string') {
    throw new AppError('invalid-payload', { field: name(), message: `${name()} must be a string.` });
  }
  if (value.length > 200) {
    throw new AppError('invalid-payload', {
      field: name(),
      message: `${name()} must be at most 200 characters.`,
    });
  }
  return value;
}

function objectField(value: unknown, name: string, field: (n: string) => string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    throw new AppError('invalid-payload', {
      field: field(name),
      message: `${field(name)} must be a JSON object of names to values.`,
    });
  }
  return value;
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
