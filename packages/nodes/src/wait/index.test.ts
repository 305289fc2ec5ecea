import { describe, expect, it } from 'vitest';
import { compileConfig, problemsOf, schemaErrors } from '../shared/testing';
import { wait } from './index';

const summaryOf = (input: unknown) => wait.summary?.(wait.configSchema.parse(input));

describe('wait', () => {
  it('waits a duration on a durable timer', () => {
    const config = { mode: 'duration', duration: { amount: 3, unit: 'days' } };
    expect(compileConfig(wait, config)).toEqual({
      exits: [{ on: 'timer', port: 'out', timer: { kind: 'duration', seconds: 259_200 } }],
    });
    expect(summaryOf(config)).toBe('Wait 3 days');
    expect(summaryOf({ mode: 'duration', duration: { amount: 1, unit: 'hours' } })).toBe('Wait 1 hour');
  });

  it("waits until a local time on allowed weekdays, in the customer's zone unless one is set", () => {
    const weekdays = { mode: 'time-of-day', hour: 9, minute: 30, weekdays: [5, 1, 2, 3, 4] };
    expect(compileConfig(wait, weekdays).exits[0]).toEqual({
      on: 'timer',
      port: 'out',
      timer: { kind: 'time-of-day', hour: 9, minute: 30, weekdays: [1, 2, 3, 4, 5] },
    });
    expect(summaryOf(weekdays)).toBe('Wait until 09:30 on weekdays');
    const berlin = { mode: 'time-of-day', hour: 8, minute: 0, timeZone: 'Europe/Berlin' };
    expect(compileConfig(wait, berlin).exits[0]).toMatchObject({
      timer: { weekdays: [0, 1, 2, 3, 4, 5, 6], timeZone: 'Europe/Berlin' },
    });
    expect(summaryOf(berlin)).toBe('Wait until 08:00 every day (Europe/Berlin)');
  });

  it('waits until a profile date plus or minus an offset', () => {
    const config = {
      mode: 'profile-date',
      field: 'renewal_date',
      offset: { amount: 7, unit: 'days', direction: 'before' },
      at: { hour: 9, minute: 0 },
    };
    expect(compileConfig(wait, config).exits[0]).toEqual({
      on: 'timer',
      port: 'out',
      timer: { kind: 'profile-date', field: 'renewal_date', offsetSeconds: -604_800, hour: 9, minute: 0 },
    });
    expect(summaryOf(config)).toBe('Wait until 7 days before renewal_date at 09:00');
  });

  it('refuses a time zone that does not exist, naming a valid one', () => {
    expect(problemsOf(wait, { mode: 'time-of-day', hour: 9, minute: 0, timeZone: 'Mars/Olympus' })).toEqual([
      {
        path: 'timeZone',
        message:
          '"Mars/Olympus" is not a time zone; use an IANA name such as "Europe/Berlin", or leave it empty for the customer\'s own zone.',
      },
    ]);
  });

  it('explains impossible durations and days', () => {
    expect(schemaErrors(wait, { mode: 'duration', duration: { amount: 0, unit: 'days' } })).toEqual([
      'duration.amount: must be at least 1',
    ]);
    expect(schemaErrors(wait, { mode: 'duration', duration: { amount: 2.5, unit: 'fortnights' } })).toEqual([
      'duration.amount: must be a whole number',
      'duration.unit: must be "minutes", "hours", "days" or "weeks"',
    ]);
    expect(schemaErrors(wait, { mode: 'time-of-day', hour: 9, minute: 0, weekdays: [] })).toEqual([
      'weekdays: pick at least one day of the week',
    ]);
  });
});
