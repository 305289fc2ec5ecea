import { portsOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf } from '../shared/testing';
import { multiSplit } from './index';

const rule = (value: string) => ({ all: [{ field: 'event.category', operator: 'equals', value }] });

describe('multi-split', () => {
  const byCategory = {
    branches: [
      { id: 'shoes', label: 'Shoes', rules: rule('shoes') },
      { id: 'bags', label: 'Bags', rules: rule('bags') },
    ],
  };

  it('has one port per branch, in order, then "else"', () => {
    expect(portsOf(multiSplit, parseConfig(multiSplit, byCategory))).toEqual([
      { id: 'shoes', label: 'Shoes' },
      { id: 'bags', label: 'Bags' },
      { id: 'else', label: 'Everyone else' },
    ]);
  });

  it('checks branches top to bottom, the first match winning, and sends the rest to "else"', () => {
    expect(compileConfig(multiSplit, byCategory).exits).toEqual([
      { on: 'always', port: 'shoes', guard: { type: 'rules', rules: rule('shoes') } },
      { on: 'always', port: 'bags', guard: { type: 'rules', rules: rule('bags') } },
      { on: 'always', port: 'else' },
    ]);
    expect(multiSplit.summary?.(parseConfig(multiSplit, byCategory))).toBe('3 ways: Shoes, Bags, else');
  });

  it('refuses duplicate branch ids and the reserved "else"', () => {
    const config = {
      branches: [
        { id: 'shoes', label: 'Shoes', rules: rule('shoes') },
        { id: 'shoes', label: 'More shoes', rules: rule('boots') },
        { id: 'else', label: 'Other', rules: rule('hats') },
      ],
    };
    expect(problemsOf(multiSplit, config)).toEqual([
      { path: 'branches.1.id', message: 'Two branches share the id "shoes"; give each its own.' },
      { path: 'branches.2.id', message: '"else" is reserved for everyone else; rename this branch id.' },
    ]);
  });

  it('warns about a branch that would catch everyone', () => {
    const config = { branches: [{ id: 'all', label: 'All', rules: { all: [] } }] };
    expect(problemsOf(multiSplit, config)).toEqual([
      {
        path: 'branches.0.rules',
        severity: 'warning',
        message: 'Branch "All" has no rules yet, so every customer takes it.',
      },
    ]);
  });
});
