import { describe, expect, it } from 'vitest';
import { compileConfig, schemaErrors } from '../shared/testing';
import { tag } from './index';

describe('tag', () => {
  it('adds or removes one tag', () => {
    expect(compileConfig(tag, { tag: ' vip ' }).actions).toEqual([{ type: 'tag', op: 'add', tag: 'vip' }]);
    expect(compileConfig(tag, { op: 'remove', tag: 'churn-risk' }).actions).toEqual([
      { type: 'tag', op: 'remove', tag: 'churn-risk' },
    ]);
    expect(tag.summary?.({ op: 'remove', tag: 'churn-risk' })).toBe('Remove tag "churn-risk"');
  });

  it('asks for a tag name', () => {
    expect(schemaErrors(tag, { op: 'add', tag: '' })).toEqual([
      'tag: must not be empty; name the tag, e.g. "vip"',
    ]);
  });
});
