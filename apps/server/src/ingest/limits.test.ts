import { describe, expect, it } from 'vitest';
import { EVENT_LIMITS, limitBreach } from './limits';

describe('limitBreach', () => {
  const long = (n: number) => 'x'.repeat(n);
  it('accepts a bag at every limit', () => {
    const bag = Object.fromEntries(
      Array.from({ length: EVENT_LIMITS.keysPerObject }, (_, i) => [`k${i}`, i]),
    );
    expect(limitBreach({ ...bag })).toBeNull();
    expect(limitBreach({ [long(200)]: long(32_768), list: [{ [long(200)]: 1 }] })).toBeNull();
  });

  it('names where a key, a value or the key count breaks a limit', () => {
    expect(limitBreach({ a: { b: [0, { [long(201)]: 1 }] } })?.path).toBe('a.b.1');
    expect(limitBreach({ a: ['ok', long(32_769)] })?.path).toBe('a.1');
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
    expect(limitBreach({ nested: many })).toMatchObject({
      path: 'nested',
      problem: expect.stringContaining('1001 keys'),
    });
  });

  it('walks deep documents with its own stack', () => {
    let deep: Record<string, unknown> = { leaf: long(32_769) };
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(limitBreach(deep)?.path.endsWith('a.a.leaf')).toBe(true);
  });
});
