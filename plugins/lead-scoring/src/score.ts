import { evaluateRules, type RuleGroup, type RuleScope } from '@stagecraft/graph';

/** A weight for a trait rule: `points` when the customer matches `when`. */
export interface TraitWeight {
  label?: string;
  when: RuleGroup;
  points: number;
}

/** A weight for an event: `points` for each time it happened (in the window), up to `maxPoints`. */
export interface EventWeight {
  event: string;
  withinDays?: number | null;
  points: number;
  maxPoints?: number | null;
}

export type Tier = 'hot' | 'warm' | 'cold';

/** One reason the score moved, for the stored output and the customer's trace. */
export interface ScorePart {
  reason: string;
  points: number;
}

/** The points each trait rule the customer matches gives. */
export function traitParts(weights: readonly TraitWeight[], scope: RuleScope): ScorePart[] {
  return weights
    .map((weight, index) => ({
      reason: weight.label || `trait rule ${index + 1}`,
      points: evaluateRules(weight.when, scope) ? weight.points : 0,
    }))
    .filter((part) => part.points !== 0);
}

/** The points an event weight gives for a count, capped at its maximum (in either direction). */
export function eventPart(weight: EventWeight, count: number): ScorePart {
  const raw = weight.points * count;
  const cap = weight.maxPoints ?? null;
  const points = cap === null ? raw : Math.sign(raw) * Math.min(Math.abs(raw), Math.abs(cap));
  const window = weight.withinDays ? ` in ${weight.withinDays} days` : '';
  return { reason: `${count} × ${weight.event}${window}`, points };
}

/** The tier of a score: hot at or above `hotAt`, warm at or above `warmAt`, cold below. */
export function tierOf(score: number, thresholds: { hotAt: number; warmAt: number }): Tier {
  if (score >= thresholds.hotAt) return 'hot';
  if (score >= thresholds.warmAt) return 'warm';
  return 'cold';
}
