import { builtinNodeTypes } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { ICONS } from './Icon';

describe('icon names', () => {
  it('has an icon for every built-in node type', () => {
    const missing = builtinNodeTypes.map((type) => type.icon).filter((name) => !(name in ICONS));
    expect(missing).toEqual([]);
  });
});
