import type { ProfileView } from './run-context';

/** A change to a profile, as actions ask for it and effects carry it. */
export type ProfileChange =
  | { type: 'update-profile'; set: Record<string, unknown>; unset: readonly string[] }
  | { type: 'set-stage'; stage: string }
  | { type: 'tag'; op: 'add' | 'remove'; tag: string };

/**
 * Applies one change to a profile without mutating it. Dotted trait names (`address.city`)
 * write nested objects, matching how rules read them; keys that could reach an object's
 * prototype are ignored.
 */
export function applyProfileChange<P extends ProfileView>(profile: P, change: ProfileChange): P {
  switch (change.type) {
    case 'update-profile': {
      let traits = profile.traits;
      for (const [field, value] of Object.entries(change.set))
        traits = writePath(traits, field.split('.'), value);
      for (const field of change.unset) traits = writePath(traits, field.split('.'), undefined);
      return { ...profile, traits };
    }
    case 'set-stage':
      return profile.stage === change.stage ? profile : { ...profile, stage: change.stage };
    case 'tag': {
      const has = profile.tags.includes(change.tag);
      if (change.op === 'add') return has ? profile : { ...profile, tags: [...profile.tags, change.tag] };
      return has ? { ...profile, tags: profile.tags.filter((tag) => tag !== change.tag) } : profile;
    }
  }
}

const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

function writePath(
  target: Record<string, unknown>,
  segments: string[],
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = segments;
  if (head === undefined || UNSAFE.has(head)) return target;
  const copy = { ...target };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = Object.hasOwn(target, head) ? target[head] : undefined;
  const base = child !== null && typeof child === 'object' && !Array.isArray(child) ? child : {};
  // Unsetting below something that is not an object changes nothing.
  if (value === undefined && base !== child) return target;
  copy[head] = writePath(base as Record<string, unknown>, rest, value);
  return copy;
}
