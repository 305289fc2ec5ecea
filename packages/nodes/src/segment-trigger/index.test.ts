import { describe, expect, it } from 'vitest';
import { compileConfig, problemsOf } from '../shared/testing';
import { segmentTrigger } from './index';

describe('segment trigger', () => {
  const trials = {
    segment: 'Trial users',
    rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'trial' }] },
    change: 'left',
  };

  it('lets customers in when they cross the segment boundary in the chosen direction', () => {
    expect(compileConfig(segmentTrigger, trials).trigger).toEqual({
      kind: 'segment',
      segment: 'Trial users',
      rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'trial' }] },
      change: 'left',
    });
    expect(segmentTrigger.summary?.(segmentTrigger.configSchema.parse(trials))).toBe(
      'When a customer leaves Trial users',
    );
  });

  it('refuses a segment without rules, and rules about events', () => {
    expect(problemsOf(segmentTrigger, { segment: 'All', rules: { any: [] } })).toEqual([
      { path: 'rules', message: 'Add at least one rule; a segment without rules has no edge to cross.' },
    ]);
    const eventRules = {
      segment: 'Buyers',
      rules: {
        all: [
          { field: 'event.total', operator: 'exists' },
          { eventCount: { event: 'order.completed' }, operator: 'greater_than', value: 0 },
        ],
      },
    };
    expect(problemsOf(segmentTrigger, eventRules).map((problem) => problem.path)).toEqual([
      'rules.all.0.field',
      'rules.all.1',
    ]);
  });
});
