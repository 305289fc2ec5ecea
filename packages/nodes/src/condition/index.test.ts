import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf, schemaErrors } from '../shared/testing';
import { condition } from './index';

describe('condition', () => {
  const createdProject = {
    rules: { all: [{ eventCount: { event: 'project.created' }, operator: 'greater_or_equal', value: 1 }] },
  };

  it('goes "yes" when the rules hold and "no" otherwise', () => {
    expect(compileConfig(condition, createdProject)).toEqual({
      exits: [
        { on: 'always', port: 'yes', guard: { type: 'rules', rules: createdProject.rules } },
        { on: 'always', port: 'no' },
      ],
    });
    expect(condition.summary?.(parseConfig(condition, createdProject))).toBe('If did project.created');
  });

  it('reads an event order rule and sums it up', () => {
    const rules = {
      all: [{ eventOrder: { first: 'pricing.viewed', second: 'trial.started' }, operator: 'not_happened' }],
    };
    expect(problemsOf(condition, { rules })).toEqual([]);
    expect(condition.summary?.(parseConfig(condition, { rules }))).toBe(
      'If not pricing.viewed before trial.started',
    );
  });

  it('reads profile, trigger event, stored responses and stage', () => {
    const rules = {
      any: [
        { field: 'profile.plan', operator: 'in', value: ['pro', 'team'] },
        { field: 'event.total', operator: 'greater_than', value: 100 },
        { field: 'response.lookup.score', operator: 'exists' },
        { field: 'stage', operator: 'equals', value: 'retention' },
      ],
    };
    expect(problemsOf(condition, { rules })).toEqual([]);
    expect(condition.summary?.(parseConfig(condition, { rules }))).toBe(
      'If plan in ["pro","team"] or 3 more',
    );
  });

  it('reads membership of a saved segment and the stored lifetime value', () => {
    const rules = {
      all: [
        { segmentId: 'seg_0a1b2c3d', operator: 'in' },
        { field: 'clv.churnRisk', operator: 'greater_than', value: 0.5 },
      ],
    };
    expect(problemsOf(condition, { rules })).toEqual([]);
    expect(condition.summary?.(parseConfig(condition, { rules }))).toBe(
      'If in segment seg_0a1b2c3d and 1 more',
    );
    expect(schemaErrors(condition, { rules: { all: [{ field: 'clv.worth', operator: 'exists' }] } })).toEqual(
      [
        'rules.all.0.field: must start with "profile.", "event.", "response.", be a "clv." value or "stage", e.g. "profile.plan"',
      ],
    );
  });

  it('warns when there is nothing to decide on', () => {
    expect(problemsOf(condition, { rules: { any: [] } })).toEqual([
      { path: 'rules', severity: 'warning', message: 'Add a rule; with none, every customer goes "No".' },
    ]);
  });

  it('names the nested rule that lacks a value', () => {
    const rules = { all: [{ any: [{ field: 'profile.plan', operator: 'not_equals' }] }] };
    expect(problemsOf(condition, { rules })).toEqual([
      {
        path: 'rules.all.0.any.0.value',
        message: '"profile.plan" not_equals needs a single value to compare with.',
      },
    ]);
  });
});
