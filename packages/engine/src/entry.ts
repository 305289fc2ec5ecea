import type { CompiledJourney } from '@stagecraft/compiler';
import { evaluateRules, type JourneySettings, matchesEvent, readPath } from '@stagecraft/graph';
import { customerZone, profileDateTime } from './timers';
import type { CustomerEvent, Profile, RunStatus } from './types';

/** Something that may let a customer into a journey. */
export type EntryChange =
  | { type: 'event'; event: CustomerEvent }
  /** A profile was created (`before: null`) or changed. */
  | { type: 'profile'; before: Profile | null; after: Profile }
  /** An API or manual entry, at one trigger node or at the journey's API triggers. */
  | { type: 'api'; nodeId?: string }
  /** The customer joined or left a saved segment (found by the server's membership upkeep). */
  | { type: 'segment'; segmentId: string; change: 'entered' | 'left' };

/**
 * The trigger nodes a change fires, in document order: event triggers whose event and filters
 * match; segment triggers whose rules started (`entered`) or stopped (`left`) holding; attribute
 * triggers whose trait changed (to the given value, if any); API triggers, or the named trigger;
 * saved-segment triggers of that segment and direction. Date triggers fire on their own clock;
 * see dateTriggerTimes.
 */
export function entryTriggers(journey: CompiledJourney, change: EntryChange): string[] {
  const fired: string[] = [];
  for (const { nodeId, spec } of journey.triggers) {
    switch (change.type) {
      case 'event':
        if (spec.kind === 'event' && matchesEvent(spec.match, change.event, change.event.at))
          fired.push(nodeId);
        break;
      case 'api':
        if (change.nodeId === undefined ? spec.kind === 'api' : change.nodeId === nodeId) fired.push(nodeId);
        break;
      case 'segment':
        if (
          spec.kind === 'saved-segment' &&
          spec.segmentId === change.segmentId &&
          spec.change === change.change
        )
          fired.push(nodeId);
        break;
      case 'profile': {
        const { before, after } = change;
        if (spec.kind === 'segment') {
          const was = before !== null && inSegment(spec.rules, before);
          const is = inSegment(spec.rules, after);
          if (spec.change === 'entered' ? !was && is : was && !is) fired.push(nodeId);
        } else if (spec.kind === 'attribute') {
          const path = `profile.${spec.field}`;
          const old = before === null ? undefined : readPath(path, { profile: record(before) });
          const now = readPath(path, { profile: record(after) });
          if (now === undefined || sameValue(old, now)) break;
          const matches =
            !('to' in spec) ||
            spec.to === undefined ||
            evaluateRules({ field: path, operator: 'equals', value: spec.to }, { profile: record(after) });
          if (matches) fired.push(nodeId);
        }
        break;
      }
    }
  }
  return fired;
}

function inSegment(rules: Parameters<typeof evaluateRules>[0], profile: Profile): boolean {
  return evaluateRules(rules, { profile: record(profile), stage: profile.stage });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

function record(profile: Profile): Record<string, unknown> {
  return profile as unknown as Record<string, unknown>;
}

/**
 * The next firing of each date trigger for a profile (e.g. 30 days before `renewal_date` at
 * 09:00 in the customer's zone). Triggers whose date is missing or already past are left out.
 */
export function dateTriggerTimes(
  journey: CompiledJourney,
  profile: Profile,
  now: number,
): { nodeId: string; fireAt: number }[] {
  const zone = customerZone(profile, journey.settings.timeZone);
  const times: { nodeId: string; fireAt: number }[] = [];
  for (const { nodeId, spec } of journey.triggers) {
    if (spec.kind !== 'date') continue;
    const fireAt = profileDateTime(profile, spec.field, spec.offsetSeconds, zone, spec);
    if (fireAt !== null && fireAt >= now) times.push({ nodeId, fireAt });
  }
  return times;
}

/** Whether mayEnter needs a customer's ended runs of the journey, or only its active ones. */
export function readsEndedRuns(settings: JourneySettings): boolean {
  const { reentry } = settings;
  return reentry.policy === 'once' || (reentry.policy === 'always' && reentry.cooldownSeconds > 0);
}

/**
 * Whether a customer may start another run, given their earlier runs of this journey: the
 * re-entry policy (once / after exit / always with a cooldown) and the limit of concurrent runs.
 */
export function mayEnter(
  settings: JourneySettings,
  runs: readonly { status: RunStatus; enteredAt: number; endedAt: number | null }[],
  now: number,
): { ok: true } | { ok: false; reason: string } {
  const active = runs.filter((run) => run.status === 'active').length;
  const { reentry, maxConcurrentRuns } = settings;
  if (reentry.policy === 'once' && runs.length > 0) {
    return {
      ok: false,
      reason: 'The customer has been through this journey already, and it lets each customer in once.',
    };
  }
  if (reentry.policy === 'after-exit' && active > 0) {
    return {
      ok: false,
      reason: 'The customer is still in this journey; they may enter again once that run has ended.',
    };
  }
  if (active >= maxConcurrentRuns) {
    const limit = maxConcurrentRuns === 1 ? 'one run' : `${maxConcurrentRuns} runs`;
    return {
      ok: false,
      reason: `The customer already has ${limit} of this journey in progress, the most allowed at once.`,
    };
  }
  if (reentry.policy === 'always' && reentry.cooldownSeconds > 0 && runs.length > 0) {
    const last = runs.reduce((latest, run) => Math.max(latest, run.enteredAt), Number.NEGATIVE_INFINITY);
    const wait = last + reentry.cooldownSeconds * 1000 - now;
    if (wait > 0) {
      return {
        ok: false,
        reason: `The customer entered ${Math.round((now - last) / 1000)} s ago; this journey waits ${reentry.cooldownSeconds} s between entries.`,
      };
    }
  }
  return { ok: true };
}
