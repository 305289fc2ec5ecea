import { describe, expect, it } from 'vitest';
import { compileConfig, schemaErrors } from '../shared/testing';
import { attributeTrigger } from './index';

describe('attribute trigger', () => {
  it('fires on any change of the trait, or only on a change to a value', () => {
    expect(compileConfig(attributeTrigger, { field: 'plan' }).trigger).toEqual({
      kind: 'attribute',
      field: 'plan',
    });
    expect(compileConfig(attributeTrigger, { field: 'plan', to: 'pro' }).trigger).toEqual({
      kind: 'attribute',
      field: 'plan',
      to: 'pro',
    });
    expect(attributeTrigger.summary?.({ field: 'plan', to: 'pro' })).toBe('When plan changes to "pro"');
  });

  it('explains that traits are written without "profile."', () => {
    expect(schemaErrors(attributeTrigger, { field: 'profile.plan' })).toEqual([
      'field: write the trait name without "profile.", e.g. "plan"',
    ]);
    expect(schemaErrors(attributeTrigger, { field: 'first name' })).toEqual([
      'field: must be a trait name such as "plan" or "address.city"',
    ]);
  });
});
