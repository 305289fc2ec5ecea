/** A wall-clock reading in some time zone; month is 1-12, weekday 0 (Sunday) to 6. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A cached formatter for a zone, or null when Intl does not know the zone. */
function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      formatter = null;
    }
    if (formatters.size > 1_000) formatters.clear();
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The zone to use: the first candidate Intl knows, else UTC. */
export function resolveZone(...candidates: (string | null | undefined)[]): string {
  for (const zone of candidates) if (zone && formatterFor(zone)) return zone;
  return 'UTC';
}

/** The wall-clock time at an instant in a zone. */
export function localTime(at: number, zone: string): LocalTime {
  const { second: _second, ...local } = readParts(at, zone);
  return local;
}

function readParts(at: number, zone: string): LocalTime & { second: number } {
  const formatter = formatterFor(zone) ?? (formatterFor('UTC') as Intl.DateTimeFormat);
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(at)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: number, zone: string): number {
  const local = readParts(at, zone);
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a daylight-saving jump
 * moves forward past the gap (02:30 becomes 03:30), as people expect of a schedule; a time
 * that happens twice when the clocks fall back means its second pass (standard time), so a
 * schedule at that time fires once.
 */
export function fromLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  zone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const guess = wall - offsetAt(wall, zone);
  if (offsetAt(guess, zone) === wall - guess) return guess;
  const other = wall - offsetAt(guess, zone);
  if (offsetAt(other, zone) === wall - other) return other;
  return Math.max(guess, other);
}

/** A calendar date moved by whole days, without any time-zone arithmetic. */
export function addDays(year: number, month: number, day: number, days: number): [number, number, number] {
  const moved = new Date(Date.UTC(year, month - 1, day + days));
  return [moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate()];
}
