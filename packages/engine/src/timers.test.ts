import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MONDAY, profileOf } from './test-support';
import { nextTimeOfDay, profileDateTime, timerFireAt } from './timers';
import { fromLocal, localTime } from './zoned-time';

const berlin = profileOf(
  'b',
  { renewal_date: '2025-03-01', signed_at: '2025-01-06T10:00:00Z' },
  { timeZone: 'Europe/Berlin' },
);
const newYork = profileOf('n', { renewal_date: '2025-03-01' }, { timeZone: 'America/New_York' });
const nowhere = profileOf('x', {}, { timeZone: null });

describe('wait timers in the customer zone', () => {
  it('waits a plain duration', () => {
    expect(timerFireAt({ kind: 'duration', seconds: 3 * 86_400 }, berlin, MONDAY, 'UTC')).toBe(
      MONDAY + 3 * DAY,
    );
  });

  it('waits until the next allowed weekday at a local time', () => {
    // Monday 10:00 UTC is 11:00 in Berlin: 09:00 today has passed, so Tuesday 09:00 Berlin (08:00 UTC).
    const weekdays = [1, 2, 3, 4, 5];
    expect(timerFireAt({ kind: 'time-of-day', hour: 9, minute: 0, weekdays }, berlin, MONDAY, 'UTC')).toBe(
      Date.UTC(2025, 0, 7, 8, 0),
    );
    // Monday 10:00 UTC is 05:00 in New York: 09:00 New York today (14:00 UTC).
    expect(timerFireAt({ kind: 'time-of-day', hour: 9, minute: 0, weekdays }, newYork, MONDAY, 'UTC')).toBe(
      Date.UTC(2025, 0, 6, 14, 0),
    );
    // Friday evening, weekdays only: next Monday.
    const friday = Date.UTC(2025, 0, 10, 20, 0);
    expect(timerFireAt({ kind: 'time-of-day', hour: 9, minute: 30, weekdays }, berlin, friday, 'UTC')).toBe(
      Date.UTC(2025, 0, 13, 8, 30),
    );
  });

  it('uses the timer zone over the customer zone, and the journey zone when the customer has none', () => {
    expect(
      timerFireAt(
        { kind: 'time-of-day', hour: 9, minute: 0, weekdays: [2], timeZone: 'Asia/Tokyo' },
        berlin,
        MONDAY,
        'UTC',
      ),
    ).toBe(Date.UTC(2025, 0, 7, 0, 0));
    expect(
      timerFireAt(
        { kind: 'time-of-day', hour: 12, minute: 0, weekdays: [1] },
        nowhere,
        MONDAY,
        'Europe/Berlin',
      ),
    ).toBe(Date.UTC(2025, 0, 6, 11, 0));
  });

  it('keeps local time across daylight saving changes', () => {
    // Berlin springs forward on 30 March 2025: 09:00 is 08:00 UTC before and 07:00 UTC after.
    const saturday = Date.UTC(2025, 2, 29, 12, 0);
    expect(nextTimeOfDay(saturday, 9, 0, [1], 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 31, 7, 0));
    expect(localTime(fromLocal(2025, 3, 30, 2, 30, 'Europe/Berlin'), 'Europe/Berlin').hour).toBe(3);
  });

  it('keeps local time when the clocks fall back, and fires once in the repeated hour', () => {
    // Berlin falls back on 26 October 2025 at 03:00 CEST -> 02:00 CET: 09:00 is 07:00 UTC
    // before and 08:00 UTC after, and 02:00-02:59 happens twice.
    const saturday = Date.UTC(2025, 9, 25, 12, 0);
    expect(nextTimeOfDay(saturday, 9, 0, [1], 'Europe/Berlin')).toBe(Date.UTC(2025, 9, 27, 8, 0));
    // A wall time in the repeated hour means its second pass (standard time), so it fires once.
    const repeated = fromLocal(2025, 10, 26, 2, 30, 'Europe/Berlin');
    expect(repeated).toBe(Date.UTC(2025, 9, 26, 1, 30));
    expect(localTime(repeated, 'Europe/Berlin')).toMatchObject({ day: 26, hour: 2, minute: 30 });
    const daily = [0, 1, 2, 3, 4, 5, 6];
    expect(nextTimeOfDay(saturday, 2, 30, daily, 'Europe/Berlin')).toBe(repeated);
    const duringFirstPass = Date.UTC(2025, 9, 26, 0, 45);
    expect(nextTimeOfDay(duringFirstPass, 2, 30, daily, 'Europe/Berlin')).toBe(repeated);
    expect(nextTimeOfDay(repeated, 2, 30, daily, 'Europe/Berlin')).toBe(Date.UTC(2025, 9, 27, 1, 30));
  });

  it('counts a duration in elapsed hours and a profile-date offset in calendar days across DST', () => {
    const nineOnSaturday = Date.UTC(2025, 9, 25, 7, 0); // 09:00 CEST
    const oneDay = timerFireAt({ kind: 'duration', seconds: 86_400 }, berlin, nineOnSaturday, 'UTC');
    expect(oneDay - nineOnSaturday).toBe(24 * HOUR);
    expect(localTime(oneDay, 'Europe/Berlin').hour).toBe(8); // the clocks went back an hour
    const renewal = profileOf('r', { renewal_date: '2025-10-27' }, { timeZone: 'Europe/Berlin' });
    const dayBefore = {
      kind: 'profile-date' as const,
      field: 'renewal_date',
      offsetSeconds: -86_400,
      hour: 9,
    };
    expect(timerFireAt(dayBefore, renewal, nineOnSaturday, 'UTC')).toBe(Date.UTC(2025, 9, 26, 8, 0));
    const springRenewal = profileOf('s', { renewal_date: '2025-03-31' }, { timeZone: 'Europe/Berlin' });
    expect(timerFireAt(dayBefore, springRenewal, Date.UTC(2025, 2, 29, 7, 0), 'UTC')).toBe(
      Date.UTC(2025, 2, 30, 7, 0),
    );
  });

  it('waits until a profile date plus or minus an offset, at a local time', () => {
    const sevenBefore = {
      kind: 'profile-date' as const,
      field: 'renewal_date',
      offsetSeconds: -7 * 86_400,
      hour: 9,
      minute: 0,
    };
    expect(timerFireAt(sevenBefore, berlin, MONDAY, 'UTC')).toBe(Date.UTC(2025, 1, 22, 8, 0));
    expect(timerFireAt(sevenBefore, newYork, MONDAY, 'UTC')).toBe(Date.UTC(2025, 1, 22, 14, 0));
    expect(
      timerFireAt(
        { kind: 'profile-date', field: 'signed_at', offsetSeconds: 3 * 3_600 },
        berlin,
        MONDAY,
        'UTC',
      ),
    ).toBe(MONDAY + 3 * HOUR);
  });

  it('moves on at once when the profile date is missing, unreadable or already past', () => {
    const spec = { kind: 'profile-date' as const, field: 'renewal_date', offsetSeconds: 0 };
    expect(timerFireAt(spec, nowhere, MONDAY, 'UTC')).toBe(MONDAY);
    expect(timerFireAt(spec, profileOf('x', { renewal_date: 'soon' }), MONDAY, 'UTC')).toBe(MONDAY);
    expect(timerFireAt(spec, profileOf('x', { renewal_date: '2024-01-01' }), MONDAY, 'UTC')).toBe(MONDAY);
    expect(
      profileDateTime(profileOf('x', { renewal_date: '2025-13-45' }), 'renewal_date', 0, 'UTC'),
    ).toBeNull();
  });
});
