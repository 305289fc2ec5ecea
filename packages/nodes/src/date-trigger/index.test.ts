import { describe, expect, it } from 'vitest';
import { compileConfig, problemsOf, schemaErrors } from '../shared/testing';
import { dateTrigger } from './index';

describe('date trigger', () => {
  it('fires a signed offset from the profile date, at a local time', () => {
    const before = {
      field: 'renewal_date',
      offset: { amount: 30, unit: 'days', direction: 'before' },
      at: { hour: 9, minute: 0 },
    };
    expect(compileConfig(dateTrigger, before).trigger).toEqual({
      kind: 'date',
      field: 'renewal_date',
      offsetSeconds: -30 * 86_400,
      hour: 9,
      minute: 0,
    });
    const after = {
      field: 'birthday',
      offset: { amount: 1, unit: 'weeks', direction: 'after' },
      at: { hour: 18, minute: 30 },
    };
    expect(compileConfig(dateTrigger, after).trigger).toMatchObject({
      offsetSeconds: 7 * 86_400,
      hour: 18,
      minute: 30,
    });
    expect(dateTrigger.summary?.(dateTrigger.configSchema.parse(before))).toBe(
      '30 days before renewal_date at 09:00',
    );
  });

  it('names the field when the time of day is impossible', () => {
    const config = {
      field: 'renewal_date',
      offset: { amount: 0, unit: 'days', direction: 'after' },
      at: { hour: 24, minute: 0 },
    };
    expect(schemaErrors(dateTrigger, config)).toEqual(['at.hour: must be between 0 and 23']);
  });

  it('warns that hour offsets only move the day', () => {
    const config = {
      field: 'renewal_date',
      offset: { amount: 6, unit: 'hours', direction: 'before' },
      at: { hour: 9, minute: 0 },
    };
    expect(problemsOf(dateTrigger, config)).toEqual([
      {
        path: 'offset.unit',
        severity: 'warning',
        message:
          'The journey starts at 09:00 on the day, so an offset in hours only moves the day; use days or weeks.',
      },
    ]);
  });
});
