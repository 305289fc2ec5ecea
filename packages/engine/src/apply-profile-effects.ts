import { applyProfileChange } from '@stagecraft/compiler';
import type { Effect, Profile } from './types';

/**
 * The profile after a step's profile effects (update-profile, set-stage, tag), applied in
 * order; other effects are ignored. Returns a new profile and leaves the given one untouched.
 */
export function applyProfileEffects(profile: Profile, effects: readonly Effect[]): Profile {
  let current = profile;
  for (const effect of effects) {
    if (effect.type === 'update-profile' || effect.type === 'set-stage' || effect.type === 'tag') {
      current = applyProfileChange(current, effect);
    }
  }
  return current;
}
