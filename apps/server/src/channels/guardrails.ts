import { addDays, fromLocal, localTime, nextTimeOfDay } from '@stagecraft/engine';
import type { FrequencyCap, QuietWindow } from './guardrail-settings';

const DAY = 86_400_000;

/** When quiet hours end, if `now` falls inside them in `zone`; else null. Windows may pass midnight. */
export function quietHoursEnd(now: number, zone: string, window: QuietWindow): number | null {
  const local = localTime(now, zone);
  const minutes = local.hour * 60 + local.minute;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  return nextTimeOfDay(now, Math.floor(end / 60), end % 60, [], zone);
}

/** How far back sends must be read to check these caps. */
export function capLookbackMs(caps: readonly FrequencyCap[]): number {
  let days = 0;
  for (const cap of caps) days = Math.max(days, 'days' in cap ? cap.days : cap.calendarDays + 1);
  return days * DAY;
}

/**
 * The first cap a new send would break, given the times of earlier sends, with the moment it
 * allows one again; null when every cap allows it. Calendar days are the customer's (`zone`).
 */
export function capReached(
  now: number,
  zone: string,
  caps: readonly FrequencyCap[],
  sends: readonly number[],
): { cap: string; until: number } | null {
  const sorted = [...sends].sort((a, b) => a - b);
  let found: { cap: string; until: number } | null = null;
  for (const cap of caps) {
    const since = 'days' in cap ? now - cap.days * DAY : startOfLocalDay(now, zone, -(cap.calendarDays - 1));
    const inside = sorted.filter((at) => at > since || (!('days' in cap) && at === since));
    if (inside.length < cap.max) continue;
    // The send whose leaving the window brings the count below max.
    const pivot = inside[inside.length - cap.max] as number;
    const until = 'days' in cap ? pivot + cap.days * DAY : startOfLocalDay(pivot, zone, cap.calendarDays);
    const name =
      'days' in cap
        ? `${cap.max} per ${cap.days} day${cap.days === 1 ? '' : 's'}`
        : `${cap.max} per ${cap.calendarDays === 1 ? 'calendar day' : `${cap.calendarDays} calendar days`}`;
    if (!found || until > found.until) found = { cap: name, until };
  }
  return found;
}

/** Local midnight of the day `days` away from the day of `at`, in `zone`. */
function startOfLocalDay(at: number, zone: string, days: number): number {
  const local = localTime(at, zone);
  const [year, month, day] = addDays(local.year, local.month, local.day, days);
  return fromLocal(year, month, day, 0, 0, zone);
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
