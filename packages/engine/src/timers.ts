import { readPath, toTime } from '@stagecraft/graph';
import type { TimerSpec } from '@stagecraft/sdk';
import type { Profile } from './types';
import { addDays, fromLocal, localTime, resolveZone } from './zoned-time';

/** The customer's zone: the profile's, else the journey's, else the workspace's, else UTC. */
export function customerZone(
  profile: Pick<Profile, 'timeZone' | 'workspaceTimeZone'>,
  journeyZone: string | null,
): string {
  return resolveZone(profile.timeZone, journeyZone, profile.workspaceTimeZone);
}

/**
 * When a wait's durable timer fires. Times of day and profile dates are read in the customer's
 * zone unless the timer names one. A profile date that is missing or unreadable, or a time
 * already past, fires at once so the customer is never stranded.
 */
export function timerFireAt(
  timer: TimerSpec,
  profile: Profile,
  now: number,
  journeyZone: string | null,
): number {
  switch (timer.kind) {
    case 'duration':
      return now + Math.max(0, timer.seconds) * 1000;
    case 'time-of-day':
      return nextTimeOfDay(
        now,
        timer.hour,
        timer.minute,
        timer.weekdays,
        resolveZone(timer.timeZone, customerZone(profile, journeyZone)),
      );
    case 'profile-date': {
      const at = profileDateTime(
        profile,
        timer.field,
        timer.offsetSeconds,
        customerZone(profile, journeyZone),
        timer,
      );
      return at === null ? now : Math.max(now, at);
    }
  }
}

/** The next moment strictly after `now` at hour:minute local time on one of the weekdays. */
export function nextTimeOfDay(
  now: number,
  hour: number,
  minute: number,
  weekdays: readonly number[],
  zone: string,
): number {
  const today = localTime(now, zone);
  const allowed = weekdays.length > 0 ? new Set(weekdays) : new Set([0, 1, 2, 3, 4, 5, 6]);
  for (let days = 0; days <= 8; days++) {
    if (!allowed.has((today.weekday + days) % 7)) continue;
    const [year, month, day] = addDays(today.year, today.month, today.day, days);
    const at = fromLocal(year, month, day, hour, minute, zone);
    if (at > now) return at;
  }
  return now + 7 * 86_400_000;
}

/**
 * A profile date (`renewal_date`) plus an offset. With a time of day, the offset moves the
 * calendar day and the time is set on that day in the zone; without one, the offset is added to
 * the exact instant (a bare date means local midnight). Null when the field holds no date.
 */
export function profileDateTime(
  profile: Profile,
  field: string,
  offsetSeconds: number,
  zone: string,
  at?: { hour?: number; minute?: number },
): number | null {
  const value = readPath(`profile.${field}`, { profile: profile as unknown as Record<string, unknown> });
  const date = readDate(value, zone);
  if (!date) return null;
  if (at?.hour === undefined) return date.instant + offsetSeconds * 1000;
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + offsetSeconds * 1000);
  return fromLocal(
    shifted.getUTCFullYear(),
    shifted.getUTCMonth() + 1,
    shifted.getUTCDate(),
    at.hour,
    at.minute ?? 0,
    zone,
  );
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date-only string is a local calendar date; a timestamp is an instant whose local date counts. */
function readDate(
  value: unknown,
  zone: string,
): { instant: number; year: number; month: number; day: number } | null {
  if (typeof value === 'string') {
    const match = DATE_ONLY.exec(value.trim());
    if (match) {
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      if (month < 1 || month > 12 || day < 1 || day > 31) return null;
      return { instant: fromLocal(year, month, day, 0, 0, zone), year, month, day };
    }
  }
  const instant =
    typeof value === 'string' && value.trim().toLowerCase().startsWith('now') ? null : toTime(value);
  if (instant === null || Math.abs(instant) > 8.64e15) return null;
  const local = localTime(instant, zone);
  return { instant, year: local.year, month: local.month, day: local.day };
}
