import type { FastifyServerOptions } from 'fastify';

type LoggerSettings = Exclude<NonNullable<FastifyServerOptions['logger']>, boolean>;

/** What never reaches the log: credentials in headers, and anything a client sent as data. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'req.body',
  'body',
  'traits',
  'properties',
  '*.traits',
  '*.properties',
  'parameters',
  'params',
];

/** Properties of database errors that can hold row values or SQL parameters. */
const DATA_FIELDS = new Set(['parameters', 'params', 'query', 'detail', 'where', 'args', 'types', 'cause']);

/** Drops what follows "params:" in a driver's or Drizzle's message ("Failed query: … params: a,b"). */
function withoutParameters(text: string): string {
  return text.replace(/\bparams:[\s\S]*$/i, 'params: [redacted]');
}

/**
 * Logs an error without the data it may carry: postgres.js and PGlite errors can hold the query's
 * parameters and `detail` (e.g. "Key (id)=(…) already exists"), Drizzle puts parameters in the
 * message. Kept: type, message, stack, the SQLSTATE code and the names of what failed.
 */
export function serializeError(error: unknown): unknown {
  if (typeof error === 'string') return withoutParameters(error);
  if (!(error instanceof Error)) return error;
  const out: Record<string, unknown> = {
    type: error.constructor?.name ?? error.name,
    message: withoutParameters(error.message),
    stack: error.stack ? withoutParameters(error.stack) : undefined,
  };
  for (const [key, value] of Object.entries(error)) {
    if (DATA_FIELDS.has(key) || key in out) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      out[key] = typeof value === 'string' ? withoutParameters(value) : value;
    }
  }
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

/** The server's logger settings: the level, redaction of credentials and client data, safe errors. */
export function loggerOptions(level: string): LoggerSettings {
  return {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    // Typed as Fastify expects an error serializer; runtime logs also pass messages as strings.
    serializers: {
      err: serializeError as (error: Error) => { type: string; message: string; stack: string },
    },
  };
}
