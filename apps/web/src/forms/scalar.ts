/** A value a rule or trait can hold. */
export type ScalarValue = string | number | boolean | null;

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Reads what someone typed as the value they most likely mean: `42` is a number, `true` a boolean,
 * `null` nothing, and quotes force text (`"42"`).
 */
export function parseScalar(text: string): ScalarValue {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1);
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  return text;
}

/** The text that reads back as the same value: strings that look like numbers get quotes. */
export function formatScalar(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') {
    return NUMBER.test(value.trim()) || ['true', 'false', 'null'].includes(value.trim())
      ? `"${value}"`
      : value;
  }
  if (value === null) return 'null';
  return String(value);
}

/** A comma-separated list of values, as `in` and `not in` rules take. */
export function parseList(text: string): ScalarValue[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseScalar);
}

/** The list as the text that reads back as it. */
export function formatList(value: unknown): string {
  return Array.isArray(value) ? value.map(formatScalar).join(', ') : formatScalar(value);
}
