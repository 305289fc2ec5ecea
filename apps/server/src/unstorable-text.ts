/**
 * Text Postgres cannot store: the NUL character (`\u0000`), which text and jsonb refuse, and a
 * lone UTF-16 surrogate (half of an emoji cut in two), which is not Unicode at all. JSON can
 * carry both as escapes, so a client may send them.
 */
const ESCAPES = /\\u0000|\\u[dD][89a-fA-F]/;

/**
 * The dotted path of the first string (value or key) in `value` that Postgres cannot store,
 * or null. `raw` is the JSON text it was parsed from: only text holding such an escape is walked.
 */
export function unstorableField(raw: string, value: unknown): string | null {
  if (!ESCAPES.test(raw)) return null;
  return walk(value, '');
}

/** The same, for a body already parsed (the management API's): every string is looked at. */
export function findUnstorable(value: unknown): string | null {
  return walk(value, '');
}

/** The first path or query parameter (`id`, `q`) whose text Postgres cannot store, or null. */
export function unstorableParameter(request: { params: unknown; query: unknown }): string | null {
  return walk(request.params, '') ?? walk(request.query, '');
}

/** The sentence that tells the sender what to do about such a field. */
export const unstorableMessage = (field: string) =>
  `${field} holds a NUL character (\\u0000) or half of a UTF-16 surrogate pair, which cannot be stored; remove it or send the whole character.`;

function walk(value: unknown, path: string): string | null {
  if (typeof value === 'string') return storable(value) ? null : path || 'body';
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], join(path, String(i)));
      if (found) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (!storable(key)) return join(path, key);
    const found = walk(inner, join(path, key));
    if (found) return found;
  }
  return null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (text: string) => !text.includes('\u0000') && !LONE_SURROGATE.test(text);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
