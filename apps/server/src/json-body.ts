import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/** The deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Whether JSON text nests objects and arrays deeper than `limit`, found with a loop rather than
 * recursion so the check itself cannot run out of stack; brackets inside strings do not count.
 * Malformed text is not judged here: JSON.parse reports it.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return false;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote that ends the string opened at `open`, or -1; strings are skipped natively. */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (end > 0) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

type Done = (error: Error | null, body?: unknown) => void;

/** A body parser for JSON text, as Fastify's content-type parsers take it. */
export type JsonParser = (request: FastifyRequest, text: string, done: Done) => void;

/**
 * The app's one JSON parser, for the management API and ingestion alike: a byte order mark is
 * dropped, an empty body, nesting past MAX_JSON_DEPTH and `__proto__` keys get a 400 naming the
 * fix, and the rest is Fastify's own secure parser.
 */
export function jsonParser(app: FastifyInstance): JsonParser {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, raw, done) => {
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') return done(invalidJson('The body is empty; send a JSON object.'));
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(
        invalidJson(
          `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; send at most ${MAX_JSON_DEPTH} levels.`,
        ),
      );
    }
    parse(request, text, (error, body) => (error ? done(notJson(text)) : done(null, body)));
  };
}

/** Registers jsonParser for application/json in place of Fastify's, for every route of `app`. */
export function useJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonParser(app));
}

const invalidJson = (message: string) => new AppError('invalid-json', { field: 'body', message });

/** Says why text is not acceptable JSON: JSON.parse's own words, or the forbidden key. */
function notJson(text: string): AppError {
  try {
    JSON.parse(text);
  } catch (error) {
    return invalidJson(`The body is not valid JSON (${(error as Error).message}); send a JSON object.`);
  }
  return invalidJson(
    'The body holds a "__proto__" key (or a "constructor" key with a "prototype"), which is refused; rename that key.',
  );
}
