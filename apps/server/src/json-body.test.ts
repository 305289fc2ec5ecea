import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-body';

describe('nestsDeeperThan', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  it('counts objects and arrays, up to the limit and one past it', () => {
    expect(nestsDeeperThan(deep(64), 64)).toBe(false);
    expect(nestsDeeperThan(deep(65), 64)).toBe(true);
    expect(nestsDeeperThan(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`, 64)).toBe(true);
    expect(nestsDeeperThan('[[1],[2],{"a":[3]}]', 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(`{"a":"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(nestsDeeperThan(`{"a":"\\"${'{'.repeat(100)}\\\\"}`, 2)).toBe(false);
    expect(nestsDeeperThan(`["\\\\",[[1]]]`, 2)).toBe(true);
  });

  it('scans a million levels without recursion', () => {
    expect(nestsDeeperThan(deep(1_000_000), 64)).toBe(true);
    expect(nestsDeeperThan('"unterminated', 1)).toBe(false);
  });
});
