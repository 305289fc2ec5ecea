/**
 * A timestamp column as ISO 8601 text for an API answer. A value no JavaScript Date can hold
 * (a row stored before ingestion checked dates: year 200000, a BC date, `infinity`) must not
 * fail the whole page, so it reads as the database's own text, or as "invalid date" where the
 * driver kept none (PGlite hands over an invalid Date).
 */
export function isoTime(value: unknown): string {
  const date = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
  if (Number.isFinite(date.getTime())) return date.toISOString();
  return typeof value === 'string' ? value : 'invalid date';
}

/** isoTime for a nullable column. */
export const isoTimeOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : isoTime(value);
