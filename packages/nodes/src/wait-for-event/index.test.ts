import { portsOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf, schemaErrors } from '../shared/testing';
import { waitForEvent } from './index';

describe('wait for event', () => {
  const survey = { event: 'survey.completed', timeout: { amount: 3, unit: 'days' } };

  it('leaves through "matched" on the event, or "timeout" when the timer fires first', () => {
    expect(compileConfig(waitForEvent, survey)).toEqual({
      exits: [
        { on: 'event', port: 'matched', match: { event: 'survey.completed', where: [] } },
        { on: 'timer', port: 'timeout', timer: { kind: 'duration', seconds: 3 * 86_400 } },
      ],
    });
    expect(portsOf(waitForEvent, parseConfig(waitForEvent, survey)).map((port) => port.label)).toEqual([
      'Event happened',
      'Timed out',
    ]);
    expect(waitForEvent.summary?.(parseConfig(waitForEvent, survey))).toBe(
      'Wait up to 3 days for survey.completed',
    );
  });

  it('needs a timeout, so nobody waits forever', () => {
    expect(schemaErrors(waitForEvent, { event: 'survey.completed' })).toEqual([
      'timeout: is required, e.g. { "amount": 3, "unit": "days" }',
    ]);
  });

  it('checks its property filters', () => {
    const config = { ...survey, where: [{ field: 'event.rating', operator: 'equals' }] };
    expect(problemsOf(waitForEvent, config)).toEqual([
      { path: 'where.0.value', message: '"event.rating" equals needs a single value to compare with.' },
    ]);
  });
});
