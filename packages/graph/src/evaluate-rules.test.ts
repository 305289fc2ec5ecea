import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRules, matchesEvent, type RuleScope, readPath, toTime } from './evaluate-rules';
import type { Rule } from './rules';

const NOW = Date.UTC(2025, 2, 10, 12, 0);
const scope: RuleScope = {
  profile: {
    customerId: 'c1',
    traits: {
      plan: 'pro',
      seats: 12,
      score: '9',
      beta: true,
      address: { city: 'Lyon' },
      'utm.source': 'ads',
    },
    tags: ['vip', 'newsletter'],
    stage: 'onboarding',
  },
  event: { name: 'order.completed', properties: { total: 120, items: ['hat', 'scarf'] }, at: NOW - 1000 },
  response: { lookup: { tier: 'gold' } },
  stage: 'onboarding',
  events: [
    { name: 'app.opened', at: NOW - 10 * 86_400_000 },
    { name: 'app.opened', at: NOW - 3_600_000 },
    { name: 'order.completed', properties: { total: 30 }, at: NOW - 60_000 },
    { name: 'order.completed', properties: { total: 300 }, at: NOW - 30_000 },
  ],
  now: NOW,
};

const holds = (rule: Rule) => evaluateRules(rule, scope);

describe('evaluateRules', () => {
  it('reads profile traits, nested traits, flat dotted traits and profile fields', () => {
    expect(readPath('profile.plan', scope)).toBe('pro');
    expect(readPath('profile.address.city', scope)).toBe('Lyon');
    expect(readPath('profile.utm.source', scope)).toBe('ads');
    expect(readPath('profile.tags', scope)).toEqual(['vip', 'newsletter']);
    expect(readPath('event.total', scope)).toBe(120);
    expect(readPath('event.name', scope)).toBe('order.completed');
    expect(readPath('response.lookup.tier', scope)).toBe('gold');
    expect(readPath('stage', scope)).toBe('onboarding');
    expect(readPath('profile.constructor', scope)).toBeUndefined();
  });

  it('compares typed values the way a marketer expects', () => {
    expect(holds({ field: 'profile.plan', operator: 'equals', value: 'pro' })).toBe(true);
    expect(holds({ field: 'profile.score', operator: 'equals', value: 9 })).toBe(true);
    expect(holds({ field: 'profile.score', operator: 'greater_or_equal', value: 9 })).toBe(true);
    expect(holds({ field: 'profile.beta', operator: 'equals', value: 'true' })).toBe(true);
    expect(holds({ field: 'profile.seats', operator: 'greater_than', value: 12 })).toBe(false);
    expect(holds({ field: 'profile.plan', operator: 'greater_than', value: 1 })).toBe(false);
    expect(holds({ field: 'profile.tags', operator: 'contains', value: 'vip' })).toBe(true);
    expect(holds({ field: 'profile.plan', operator: 'starts_with', value: 'pr' })).toBe(true);
    expect(holds({ field: 'profile.plan', operator: 'in', value: ['free', 'pro'] })).toBe(true);
    expect(holds({ field: 'profile.plan', operator: 'not_in', value: ['free'] })).toBe(true);
    expect(holds({ field: 'event.items', operator: 'contains', value: 'hat' })).toBe(true);
  });

  it('treats a missing field as absent: negative operators hold, the rest do not', () => {
    expect(holds({ field: 'profile.missing', operator: 'exists' })).toBe(false);
    expect(holds({ field: 'profile.missing', operator: 'not_exists' })).toBe(true);
    expect(holds({ field: 'profile.missing', operator: 'not_equals', value: 'x' })).toBe(true);
    expect(holds({ field: 'profile.missing', operator: 'equals', value: 'x' })).toBe(false);
    expect(holds({ field: 'profile.missing', operator: 'less_than', value: 5 })).toBe(false);
  });

  it('compares dates for before and after, including relative "now" values', () => {
    const dated: RuleScope = { profile: { traits: { renews: '2025-04-01', trial: NOW - 1 } }, now: NOW };
    expect(
      evaluateRules({ field: 'profile.renews', operator: 'after', value: '2025-03-31T23:00:00Z' }, dated),
    ).toBe(true);
    expect(evaluateRules({ field: 'profile.renews', operator: 'before', value: 'now+30d' }, dated)).toBe(
      true,
    );
    expect(evaluateRules({ field: 'profile.trial', operator: 'before', value: 'now' }, dated)).toBe(true);
    expect(evaluateRules({ field: 'profile.renews', operator: 'before', value: 'next tuesday' }, dated)).toBe(
      false,
    );
    expect(toTime('2025-03-01')).toBe(Date.UTC(2025, 2, 1));
    expect(toTime('now-1h', NOW)).toBe(NOW - 3_600_000);
  });

  it('combines groups: all, any, and their empty forms', () => {
    const yes = { field: 'profile.plan', operator: 'equals', value: 'pro' } as const;
    const no = { field: 'profile.plan', operator: 'equals', value: 'free' } as const;
    expect(holds({ all: [yes, { any: [no, yes] }] })).toBe(true);
    expect(holds({ all: [yes, no] })).toBe(false);
    expect(holds({ all: [] })).toBe(true);
    expect(holds({ any: [] })).toBe(false);
  });

  it('counts tracked events since entry, within a window and with filters', () => {
    const count = (where: Rule) => holds(where);
    expect(count({ eventCount: { event: 'app.opened' }, operator: 'equals', value: 2 })).toBe(true);
    expect(
      count({ eventCount: { event: 'app.opened', withinSeconds: 86_400 }, operator: 'equals', value: 1 }),
    ).toBe(true);
    const bigOrders = {
      event: 'order.completed',
      where: [{ field: 'event.total', operator: 'greater_than', value: 100 }],
    };
    expect(count({ eventCount: bigOrders, operator: 'equals', value: 1 } as Rule)).toBe(true);
    expect(count({ eventCount: { event: 'never.sent' }, operator: 'equals', value: 0 })).toBe(true);
  });

  it('asks whether one event came before another since entry, in arrival order and within a window', () => {
    const at = (name: string, minutes: number) => ({ name, at: NOW + minutes * 60_000 });
    const order = (first: string, second: string, extra: Record<string, unknown> = {}): Rule =>
      ({ eventOrder: { first, second, ...extra }, operator: 'happened' }) as Rule;
    const events = [at('trial.started', 0), at('pricing.viewed', 5), at('trial.started', 600)];
    const within = (first: string, second: string, withinSeconds: number) =>
      evaluateRules(order(first, second, { withinSeconds }), { events, now: NOW });
    expect(evaluateRules(order('pricing.viewed', 'trial.started'), { events, now: NOW })).toBe(true);
    expect(evaluateRules(order('pricing.viewed', 'order.completed'), { events, now: NOW })).toBe(false);
    expect(evaluateRules(order('order.completed', 'trial.started'), { events, now: NOW })).toBe(false);
    expect(within('pricing.viewed', 'trial.started', 3_600)).toBe(false);
    expect(within('pricing.viewed', 'trial.started', 36_000)).toBe(true);
    expect(within('trial.started', 'pricing.viewed', 300)).toBe(true);
    // Arrival order decides, whatever the clocks say: a late-stamped first still comes first.
    const skewed = [at('pricing.viewed', 10), at('trial.started', 2)];
    expect(evaluateRules(order('pricing.viewed', 'trial.started'), { events: skewed, now: NOW })).toBe(true);
    expect(evaluateRules(order('trial.started', 'trial.started'), { events, now: NOW })).toBe(true);
    expect(evaluateRules(order('pricing.viewed', 'pricing.viewed'), { events, now: NOW })).toBe(false);
    const not: Rule = {
      eventOrder: { first: 'pricing.viewed', second: 'order.completed' },
      operator: 'not_happened',
    };
    expect(evaluateRules(not, { events, now: NOW })).toBe(true);
    expect(evaluateRules(order('pricing.viewed', 'trial.started'), { now: NOW })).toBe(false);
  });

  it('asks about saved segment membership and the stored lifetime value', () => {
    const scope = {
      segments: ['seg_vip'],
      clv: { predicted: 120.5, churnRisk: 0.2, probabilityAlive: null },
    };
    expect(evaluateRules({ segmentId: 'seg_vip', operator: 'in' }, scope)).toBe(true);
    expect(evaluateRules({ segmentId: 'seg_vip', operator: 'not_in' }, scope)).toBe(false);
    expect(evaluateRules({ segmentId: 'seg_other', operator: 'not_in' }, scope)).toBe(true);
    expect(evaluateRules({ segmentId: 'seg_vip', operator: 'in' }, {})).toBe(false);
    expect(evaluateRules({ field: 'clv.predicted', operator: 'greater_than', value: 100 }, scope)).toBe(true);
    expect(evaluateRules({ field: 'clv.churnRisk', operator: 'less_than', value: 0.1 }, scope)).toBe(false);
    // No prediction: a comparison is false, as for a missing trait.
    expect(evaluateRules({ field: 'clv.probabilityAlive', operator: 'less_than', value: 1 }, scope)).toBe(
      false,
    );
    expect(evaluateRules({ field: 'clv.probabilityAlive', operator: 'not_exists' }, scope)).toBe(true);
  });

  it('matches events by name and property filters', () => {
    const event = { name: 'nps.submitted', properties: { score: 10 }, at: NOW };
    expect(
      matchesEvent(
        { event: 'nps.submitted', where: [{ field: 'event.score', operator: 'greater_or_equal', value: 9 }] },
        event,
      ),
    ).toBe(true);
    expect(
      matchesEvent(
        { event: 'nps.submitted', where: [{ field: 'event.score', operator: 'less_than', value: 9 }] },
        event,
      ),
    ).toBe(false);
    expect(matchesEvent({ event: 'other' }, event)).toBe(false);
  });

  it('is false, never an exception, for malformed or too deeply nested rules', () => {
    let deep: unknown = { field: 'profile.plan', operator: 'equals', value: 'pro' };
    for (let i = 0; i < 5_000; i++) deep = { all: [deep] };
    expect(evaluateRules(deep as Rule, scope)).toBe(false);
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (rule, profile) => {
        const result = evaluateRules(rule as Rule, { profile: profile as Record<string, unknown>, now: NOW });
        expect(typeof result).toBe('boolean');
      }),
    );
  });
});
