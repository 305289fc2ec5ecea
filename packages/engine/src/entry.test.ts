import { journeyDoc, node } from '@stagecraft/compiler/testing';
import { JourneySettingsSchema } from '@stagecraft/graph';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { applyProfileEffects } from './apply-profile-effects';
import { dateTriggerTimes, entryTriggers, mayEnter } from './entry';
import { compileForTest, DAY, MONDAY, profileOf } from './test-support';
import type { Effect } from './types';

const journey = compileForTest(
  journeyDoc(
    [
      node('big-order', 'event-trigger', {
        event: 'order.completed',
        where: [{ field: 'event.total', operator: 'greater_or_equal', value: 100 }],
      }),
      node('vip', 'segment-trigger', {
        segment: 'VIPs',
        rules: { all: [{ field: 'profile.tags', operator: 'contains', value: 'vip' }] },
        change: 'entered',
      }),
      node('lapsed', 'segment-trigger', {
        segment: 'VIPs',
        rules: { all: [{ field: 'profile.tags', operator: 'contains', value: 'vip' }] },
        change: 'left',
      }),
      node('pro', 'attribute-trigger', { field: 'plan', to: 'pro' }),
      node('any-plan', 'attribute-trigger', { field: 'plan' }),
      node('renewal', 'date-trigger', {
        field: 'renewal_date',
        offset: { amount: 30, unit: 'days', direction: 'before' },
        at: { hour: 9, minute: 0 },
      }),
      node('manual', 'api-trigger'),
      node('end', 'exit'),
    ],
    ['big-order', 'vip', 'lapsed', 'pro', 'any-plan', 'renewal', 'manual'].map((id) => ({
      id: `${id}-end`,
      source: id,
      sourcePort: 'out',
      target: 'end',
    })),
  ),
  builtinRegistry,
);

describe('entryTriggers', () => {
  it('fires event triggers whose filters match', () => {
    const order = (total: number) => ({
      type: 'event' as const,
      event: { id: 'e', name: 'order.completed', properties: { total }, at: MONDAY },
    });
    expect(entryTriggers(journey, order(120))).toEqual(['big-order']);
    expect(entryTriggers(journey, order(20))).toEqual([]);
  });

  it('fires segment triggers when a profile starts or stops matching', () => {
    const plain = profileOf('a');
    const vip = profileOf('a', {}, { tags: ['vip'] });
    expect(entryTriggers(journey, { type: 'profile', before: plain, after: vip })).toEqual(['vip']);
    expect(entryTriggers(journey, { type: 'profile', before: vip, after: plain })).toEqual(['lapsed']);
    expect(entryTriggers(journey, { type: 'profile', before: vip, after: vip })).toEqual([]);
    expect(entryTriggers(journey, { type: 'profile', before: null, after: vip })).toEqual(['vip']);
  });

  it('fires attribute triggers on a change, optionally only to a given value', () => {
    const free = profileOf('a', { plan: 'free' });
    const pro = profileOf('a', { plan: 'pro' });
    expect(entryTriggers(journey, { type: 'profile', before: free, after: pro })).toEqual([
      'pro',
      'any-plan',
    ]);
    expect(entryTriggers(journey, { type: 'profile', before: pro, after: free })).toEqual(['any-plan']);
    expect(entryTriggers(journey, { type: 'profile', before: pro, after: pro })).toEqual([]);
  });

  it('fires API triggers, or exactly the trigger named', () => {
    expect(entryTriggers(journey, { type: 'api' })).toEqual(['manual']);
    expect(entryTriggers(journey, { type: 'api', nodeId: 'pro' })).toEqual(['pro']);
    expect(entryTriggers(journey, { type: 'api', nodeId: 'end' })).toEqual([]);
  });
});

describe('dateTriggerTimes', () => {
  it('gives the next firing at 09:00 in the customer zone, and nothing for missing or past dates', () => {
    const tokyo = profileOf('t', { renewal_date: '2025-03-01' }, { timeZone: 'Asia/Tokyo' });
    expect(dateTriggerTimes(journey, tokyo, MONDAY)).toEqual([
      { nodeId: 'renewal', fireAt: Date.UTC(2025, 0, 30, 0, 0) },
    ]);
    expect(dateTriggerTimes(journey, profileOf('x'), MONDAY)).toEqual([]);
    expect(dateTriggerTimes(journey, tokyo, Date.UTC(2025, 1, 1))).toEqual([]);
  });
});

describe('mayEnter', () => {
  const settings = (input: unknown) => JourneySettingsSchema.parse(input);
  const ended = { status: 'completed' as const, enteredAt: MONDAY - 10 * DAY, endedAt: MONDAY - 5 * DAY };
  const active = { status: 'active' as const, enteredAt: MONDAY - DAY, endedAt: null };

  it('lets a customer in once by default', () => {
    expect(mayEnter(settings({}), [], MONDAY)).toEqual({ ok: true });
    expect(mayEnter(settings({}), [ended], MONDAY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('once'),
    });
  });

  it('lets a customer in again after the previous run ended', () => {
    const afterExit = settings({ reentry: { policy: 'after-exit' } });
    expect(mayEnter(afterExit, [ended], MONDAY).ok).toBe(true);
    expect(mayEnter(afterExit, [ended, active], MONDAY).ok).toBe(false);
  });

  it('always lets a customer in, up to the concurrent limit and after the cooldown', () => {
    const always = settings({
      reentry: { policy: 'always', cooldownSeconds: 7 * 86_400 },
      maxConcurrentRuns: 2,
    });
    expect(mayEnter(always, [ended], MONDAY).ok).toBe(true);
    expect(mayEnter(always, [ended, active], MONDAY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('between entries'),
    });
    expect(mayEnter(always, [active, active], MONDAY + 30 * DAY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('2 runs'),
    });
  });
});

describe('applyProfileEffects', () => {
  it('applies profile updates, stage moves and tags in order, leaving the original untouched', () => {
    const base = { key: 'k', runId: 'r', customerId: 'a', journeyId: 'j', nodeId: 'n', visit: 1 };
    const effects: Effect[] = [
      { ...base, type: 'update-profile', set: { plan: 'pro', 'address.city': 'Lyon' }, unset: ['trial'] },
      { ...base, type: 'tag', op: 'add', tag: 'vip' },
      { ...base, type: 'set-stage', stage: 'retention', previousStage: null },
      {
        ...base,
        type: 'send',
        channel: 'email',
        to: null,
        subject: null,
        body: '',
        url: null,
        messageName: null,
      },
      { ...base, type: 'tag', op: 'remove', tag: 'new' },
    ];
    const before = profileOf('a', { plan: 'free', trial: true }, { tags: ['new'] });
    const after = applyProfileEffects(before, effects);
    expect(after).toEqual({
      ...before,
      traits: { plan: 'pro', address: { city: 'Lyon' } },
      tags: ['vip'],
      stage: 'retention',
    });
    expect(before.traits).toEqual({ plan: 'free', trial: true });
  });
});
