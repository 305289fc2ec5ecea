import { describe, expect, it } from 'vitest';
import { isInNamespace, pluginNamespace, sdkRangeAccepts } from './plugin-package';

describe('plugin namespaces', () => {
  it('is the scope of a scoped package and the name of an unscoped one', () => {
    expect(pluginNamespace('@acme/stagecraft-lead-scoring')).toBe('acme');
    expect(pluginNamespace('lead-scoring')).toBe('lead-scoring');
  });

  it('accepts kebab-case ids under the namespace only', () => {
    expect(isInNamespace('acme/score-lead', '@acme/stagecraft-lead-scoring')).toBe(true);
    expect(isInNamespace('lead-scoring/score', 'lead-scoring')).toBe(true);
    expect(isInNamespace('score-lead', '@acme/x')).toBe(false);
    expect(isInNamespace('other/score-lead', '@acme/x')).toBe(false);
    expect(isInNamespace('acme/Score_Lead', '@acme/x')).toBe(false);
    expect(isInNamespace('acme/', '@acme/x')).toBe(false);
  });
});

describe('SDK ranges', () => {
  it('reads the simple forms and compares their major', () => {
    for (const range of ['^1', '1', '1.x', '~1.2', '^1.0.0', '=1.4.2', ' ^1 '])
      expect(sdkRangeAccepts(range, 1)).toBe(true);
    expect(sdkRangeAccepts('^2', 1)).toBe(false);
    expect(sdkRangeAccepts('>=1.0.0', 2)).toBe(true);
    expect(sdkRangeAccepts('>=3', 2)).toBe(false);
  });

  it('is null for ranges it cannot read', () => {
    expect(sdkRangeAccepts('1 || 2')).toBeNull();
    expect(sdkRangeAccepts('latest')).toBeNull();
  });
});
