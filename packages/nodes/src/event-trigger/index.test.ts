import { describe, expect, it } from 'vitest';
import { compileConfig, problemsOf, schemaErrors } from '../shared/testing';
import { eventTrigger } from './index';

describe('event trigger', () => {
  const nps = {
    event: 'nps.submitted',
    where: [{ field: 'event.score', operator: 'greater_or_equal', value: 9 }],
  };

  it('lets customers in on the named event, with its property filters', () => {
    expect(compileConfig(eventTrigger, nps)).toEqual({
      trigger: {
        kind: 'event',
        match: {
          event: 'nps.submitted',
          where: [{ field: 'event.score', operator: 'greater_or_equal', value: 9 }],
        },
      },
      exits: [{ on: 'always', port: 'out' }],
    });
    expect(eventTrigger.summary?.(eventTrigger.configSchema.parse(nps))).toBe(
      'When nps.submitted where score ≥ 9',
    );
  });

  it('asks for an event name when it is blank', () => {
    expect(schemaErrors(eventTrigger, { event: '  ' })).toEqual(['event: must name an event']);
  });

  it('rejects filters on anything but the event, and comparisons without a number', () => {
    const problems = problemsOf(eventTrigger, {
      event: 'nps.submitted',
      where: [
        { field: 'profile.plan', operator: 'equals', value: 'pro' },
        { field: 'event.score', operator: 'greater_than', value: 'nine' },
      ],
    });
    expect(problems).toEqual([
      {
        path: 'where.0.field',
        message: 'An event filter can only read "event." fields, not "profile.plan".',
      },
      { path: 'where.1.value', message: '"event.score" greater_than compares numbers; enter a number.' },
    ]);
  });
});
