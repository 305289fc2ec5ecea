import { describe, expect, it } from 'vitest';
import { compileConfig, problemsOf, schemaErrors } from '../shared/testing';
import { segmentTrigger } from './index';

describe('segment trigger', () => {
  const trials = {
    source: 'rules',
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

  it('starts on a saved segment by id, and refuses an id that is not one', () => {
    const saved = { source: 'saved', segmentId: 'seg_0123abcd', change: 'entered' };
    expect(compileConfig(segmentTrigger, saved).trigger).toEqual({
      kind: 'saved-segment',
      segmentId: 'seg_0123abcd',
      change: 'entered',
    });
    expect(problemsOf(segmentTrigger, saved)).toEqual([]);
    expect(schemaErrors(segmentTrigger, { ...saved, segmentId: "x' or 1=1" })).toEqual([
      'segmentId: must be the id of a saved segment, e.g. "seg_3f9a0c1d2b4e5f60"',
    ]);
  });

  it('reads a version 1 config as rules written in the node', () => {
    const { source: _, ...v1 } = trials;
    const migrated = segmentTrigger.migrate?.(v1, 1);
    expect(migrated).toEqual(trials);
    expect(segmentTrigger.migrate?.(migrated, 2)).toBe(migrated);
  });

  it('refuses a segment without rules, and rules about events', () => {
    expect(problemsOf(segmentTrigger, { source: 'rules', segment: 'All', rules: { any: [] } })).toEqual([
      { path: 'rules', message: 'Add at least one rule; a segment without rules has no edge to cross.' },
    ]);
    const eventRules = {
      source: 'rules',
      segment: 'Buyers',
      rules: {
        all: [
          { field: 'event.total', operator: 'exists' },
          { eventCount: { event: 'order.completed' }, operator: 'greater_than', value: 0 },
          { segmentId: 'seg_0123abcd', operator: 'in' },
          { field: 'clv.predicted', operator: 'greater_than', value: 10 },
        ],
      },
    };
    expect(problemsOf(segmentTrigger, eventRules).map((problem) => problem.path)).toEqual([
      'rules.all.0.field',
      'rules.all.1',
      'rules.all.2',
      'rules.all.3.field',
    ]);
  });
});
