import { describe, expect, it } from 'vitest';
import { maskedKey } from './masked-key';

describe('maskedKey', () => {
  it('shows the prefix and the last four characters, or only the prefix for keys stored before', () => {
    expect(maskedKey({ prefix: 'sc_wk_', lastFour: 'x9Qz' })).toBe('sc_wk_…x9Qz');
    expect(maskedKey({ prefix: 'sc_wk_', lastFour: null })).toBe('sc_wk_…');
  });
});
