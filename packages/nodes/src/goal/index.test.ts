import { describe, expect, it } from 'vitest';
import { compileConfig, problemsOf } from '../shared/testing';
import { goal } from './index';

describe('goal', () => {
  it('ends the run as converted when its event arrives', () => {
    const config = {
      event: 'order.completed',
      where: [{ field: 'event.total', operator: 'greater_than', value: 0 }],
    };
    expect(compileConfig(goal, config)).toEqual({
      exits: [],
      end: 'converted',
      goal: {
        event: 'order.completed',
        where: [{ field: 'event.total', operator: 'greater_than', value: 0 }],
      },
    });
    expect(goal.summary?.(goal.configSchema.parse(config))).toBe(
      'Converts on order.completed where total > 0',
    );
  });

  it('asks for a list when filtering with "in"', () => {
    const config = {
      event: 'order.completed',
      where: [{ field: 'event.category', operator: 'in', value: 'shoes' }],
    };
    expect(problemsOf(goal, config)).toEqual([
      { path: 'where.0.value', message: '"event.category" in needs a list of at least one value.' },
    ]);
  });
});
