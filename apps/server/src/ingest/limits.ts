/**
 * What one ingested message may hold. Each bound is far above what a Segment or RudderStack
 * client sends (Segment refuses messages over 32 KB), and keeps one message from bloating every
 * customer page, search index and journey step that reads it.
 */
export const EVENT_LIMITS = {
  /** Characters in an event or page name, and in any key of properties, traits or context. */
  nameLength: 200,
  /** Keys in any one object of properties, traits or context (nested objects each count alone). */
  keysPerObject: 1000,
  /** Characters in any string value of properties, traits or context. */
  stringLength: 32_768,
  /** The earliest event time accepted: 1970-01-01T00:00:00Z. */
  earliestTime: 0,
  /** How far past the time of receipt an event time may lie: clocks drift, not by a year. */
  futureMs: 366 * 24 * 60 * 60 * 1000,
} as const;

/** Where a bag breaks a limit, and the sentence that says so. */
export interface LimitBreach {
  /** Dotted path below the bag (`cart.items.3`); empty for the bag itself. */
  path: string;
  problem: string;
}

/** An object or array still to look at, and how it was reached (paths are built only for a breach). */
interface Pending {
  value: object;
  parent: Pending | null;
  key: string;
}

/**
 * The first place in `bag` (properties, traits or context) that breaks EVENT_LIMITS, or null.
 * Walks with an explicit stack, so a deep document cannot exhaust the call stack.
 */
export function limitBreach(bag: Record<string, unknown>): LimitBreach | null {
  const stack: Pending[] = [{ value: bag, parent: null, key: '' }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const { value } = at;
    const keys = Array.isArray(value) ? null : Object.keys(value);
    if (keys && keys.length > EVENT_LIMITS.keysPerObject) {
      return breach(
        at,
        `holds ${keys.length} keys; at most ${EVENT_LIMITS.keysPerObject} are allowed in one object, so send fewer.`,
      );
    }
    const length = keys ? keys.length : (value as unknown[]).length;
    for (let i = 0; i < length; i++) {
      const key = keys ? keys[i]! : String(i);
      if (key.length > EVENT_LIMITS.nameLength) {
        return breach(
          at,
          `has a key of ${key.length} characters ("${key.slice(0, 20)}…"); keys may be at most ${EVENT_LIMITS.nameLength} characters, so shorten it.`,
        );
      }
      const inner = (value as Record<string, unknown>)[key];
      if (typeof inner === 'string') {
        if (inner.length > EVENT_LIMITS.stringLength) {
          return breach(
            { value: {}, parent: at, key },
            `is a string of ${inner.length} characters; at most ${EVENT_LIMITS.stringLength} are kept, so shorten it.`,
          );
        }
      } else if (inner !== null && typeof inner === 'object') {
        stack.push({ value: inner, parent: at, key });
      }
    }
  }
  return null;
}

function breach(at: Pending, problem: string): LimitBreach {
  const keys: string[] = [];
  for (let p: Pending | null = at; p?.parent; p = p.parent) keys.push(p.key);
  return { path: keys.reverse().join('.'), problem };
}
