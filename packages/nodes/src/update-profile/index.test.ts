import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf } from '../shared/testing';
import { updateProfile } from './index';

describe('update profile', () => {
  it('asks to set and remove traits in one effect', () => {
    const config = {
      set: [
        { field: 'onboarding_done', value: true },
        { field: 'score', value: 10 },
      ],
      unset: ['trial_ends_at'],
    };
    expect(compileConfig(updateProfile, config)).toEqual({
      actions: [
        { type: 'update-profile', set: { onboarding_done: true, score: 10 }, unset: ['trial_ends_at'] },
      ],
      exits: [{ on: 'always', port: 'out' }],
    });
    expect(updateProfile.summary?.(parseConfig(updateProfile, config))).toBe(
      'Set onboarding_done, score; remove trial_ends_at',
    );
  });

  it('refuses a trait set twice, or both set and removed', () => {
    const config = {
      set: [
        { field: 'plan', value: 'pro' },
        { field: 'plan', value: 'team' },
      ],
      unset: ['plan'],
    };
    expect(problemsOf(updateProfile, config)).toEqual([
      { path: 'set.1.field', message: '"plan" is set twice; keep one.' },
      { path: 'unset.0', message: '"plan" is both set and removed; pick one.' },
    ]);
  });
});
