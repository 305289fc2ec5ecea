import { describe, expect, it } from 'vitest';
import { eventFilterProblems, ruleGroupProblems, ruleProblems } from './rule-problems';
import { MAX_RULE_DEPTH } from './rules';

describe('ruleGroupProblems', () => {
  it('accepts well-formed rules of every kind', () => {
    const group = {
      all: [
        { field: 'profile.plan', operator: 'in', value: ['pro', 'team'] },
        { field: 'stage', operator: 'exists' },
        { any: [{ field: 'event.total', operator: 'greater_than', value: 10 }] },
        { eventCount: { event: 'order.completed', withinSeconds: 86_400 }, operator: 'equals', value: 0 },
        {
          eventOrder: { first: 'pricing.viewed', second: 'trial.started', withinSeconds: 3_600 },
          operator: 'happened',
        },
      ],
    };
    expect(ruleGroupProblems(group, 'rules')).toEqual([]);
  });

  it('names the field at fault and how to fix it, for half-typed rules too', () => {
    const group = {
      all: [
        { field: 'plan', operator: 'greater_than', value: 'lots' },
        { field: '', operator: 'in', value: [] },
        { eventCount: { event: ' ' }, operator: 'equals', value: -1 },
      ],
    };
    expect(ruleGroupProblems(group, 'rules')).toEqual([
      {
        path: 'rules.all.0.field',
        message: '"plan" is not a field; start with "profile.", "event." or "response.", or use "stage".',
      },
      { path: 'rules.all.0.value', message: '"plan" greater_than compares numbers; enter a number.' },
      { path: 'rules.all.1.field', message: 'Pick a field, e.g. profile.plan.' },
      { path: 'rules.all.1.value', message: '"the field" in needs a list of at least one value.' },
      { path: 'rules.all.2.eventCount.event', message: 'Name the event to count, e.g. order.completed.' },
      { path: 'rules.all.2.value', message: 'Enter a whole number, 0 or more.' },
    ]);
  });

  it('keeps rules inside what their node may read', () => {
    const reach = { roots: ['profile', 'stage'], eventCounts: false, what: 'A segment rule' };
    const group = {
      any: [
        { field: 'event.total', operator: 'exists' },
        { eventCount: { event: 'x' }, operator: 'equals', value: 1 },
        { eventOrder: { first: 'a', second: 'b' }, operator: 'happened' },
      ],
    };
    expect(ruleGroupProblems(group, 'rules', reach)).toEqual([
      {
        path: 'rules.any.0.field',
        message: 'A segment rule can only read "profile." or "stage" fields, not "event.total".',
      },
      { path: 'rules.any.1', message: 'A segment rule cannot count events; remove the event count rule.' },
      {
        path: 'rules.any.2',
        message: 'A segment rule cannot ask about the order of events; remove the event order rule.',
      },
    ]);
  });

  it('names each missing part of a half-typed event order rule', () => {
    const rule = { eventOrder: { first: '', second: 'trial.started', withinSeconds: 0 }, operator: 'before' };
    expect(ruleProblems(rule, 'rules.all.0')).toEqual([
      {
        path: 'rules.all.0.eventOrder.first',
        message: 'Name the event that comes first, e.g. pricing.viewed.',
      },
      {
        path: 'rules.all.0.eventOrder.withinSeconds',
        message: 'The window must be a whole number of seconds, more than 0.',
      },
      { path: 'rules.all.0.operator', message: 'Pick "happened" or "did not happen".' },
    ]);
  });

  it('refuses a shape that is no group, and groups nested too deep, without throwing', () => {
    expect(ruleGroupProblems({ some: [] }, '')).toEqual([
      { path: '', message: 'Add rules with "All" or "Any".' },
    ]);
    let deep: unknown = { all: [] };
    for (let i = 0; i < 10_000; i++) deep = { all: [deep] };
    const problems = ruleGroupProblems(deep, 'rules');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe(`Groups are nested more than ${MAX_RULE_DEPTH} deep; flatten them.`);
  });

  it('reads one rule and event filters with the same checks', () => {
    expect(ruleProblems({ field: 'profile.age', operator: 'equals' }, 'r')).toEqual([
      { path: 'r.value', message: '"profile.age" equals needs a single value to compare with.' },
    ]);
    expect(eventFilterProblems([{ field: 'profile.plan', operator: 'exists' }], 'where')).toEqual([
      {
        path: 'where.0.field',
        message: 'An event filter can only read "event." fields, not "profile.plan".',
      },
    ]);
  });
});
