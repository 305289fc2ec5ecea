import { drawArm } from '@stagecraft/compiler';
import { chain, edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, DAY, HOUR, MONDAY, profileOf } from './test-support';
import type { Effect, Profile, RunInput, RunState } from './types';

const compile = (
  nodes: Parameters<typeof journeyDoc>[0],
  edges: Parameters<typeof journeyDoc>[1],
  extra = {},
) => compileForTest(journeyDoc(nodes, edges, extra), builtinRegistry);
const sms = (name: string, body = `${name} {{ profile.plan | "none" }}`) => ({ channel: 'sms', name, body });
const tierSms = (name: string) => sms(name, `${name} {{ response.lookup.tier | "none" }}`);
const sent = (effects: Effect[]) =>
  effects.flatMap((effect) => (effect.type === 'send' ? [effect.messageName] : []));
const enter = (journey: ReturnType<typeof compile>, profile: Profile, trigger = 'start', now = MONDAY) =>
  startRun(journey, {
    runId: `run-${profile.customerId}`,
    customerId: profile.customerId,
    triggerNodeId: trigger,
    event: null,
    profile,
    now,
  });

describe('branching on data a run gathers', () => {
  const lookup = compile(
    [
      node('start', 'api-trigger'),
      node('lookup', 'http-request', { method: 'GET', url: 'https://crm.example.com/tier/{{ profile.id }}' }),
      node('gold', 'condition', {
        rules: { all: [{ field: 'response.lookup.tier', operator: 'equals', value: 'gold' }] },
      }),
      node('vip', 'send-message', tierSms('VIP')),
      node('regular', 'send-message', tierSms('Regular')),
      node('fallback', 'send-message', tierSms('Fallback')),
    ],
    [
      edge('start', 'lookup'),
      edge('lookup', 'gold', 'success'),
      edge('lookup', 'fallback', 'failure'),
      edge('gold', 'vip', 'yes'),
      edge('gold', 'regular', 'no'),
    ],
  );
  const carol = profileOf('carol', { id: 42, phone: '+331234' });

  it('asks for the HTTP call, waits for its result, and branches on the stored response', () => {
    const started = enter(lookup, carol);
    const http = started.effects.find((effect) => effect.type === 'http');
    expect(http).toMatchObject({
      method: 'GET',
      url: 'https://crm.example.com/tier/42',
      awaitsResult: true,
      visit: 1,
    });
    expect(started.state).toMatchObject({ status: 'active', currentNodeId: 'lookup', wakeAt: null });
    const result: RunInput = { type: 'result', nodeId: 'lookup', visit: 1, ok: true, data: { tier: 'gold' } };
    const { effects, state } = stepRun(lookup, started.state, result, { profile: carol, now: MONDAY });
    expect(sent(effects)).toEqual(['VIP']);
    expect(effects.find((effect) => effect.type === 'send')).toMatchObject({
      body: 'VIP gold',
      to: '+331234',
      channel: 'sms',
    });
    expect(state.status).toBe('completed');
  });

  it('takes the failure port when the call fails, and ignores results for another visit', () => {
    const started = enter(lookup, carol);
    const stale: RunInput = { type: 'result', nodeId: 'lookup', visit: 2, ok: true };
    expect(stepRun(lookup, started.state, stale, { profile: carol, now: MONDAY }).effects).toEqual([]);
    const failed: RunInput = { type: 'result', nodeId: 'lookup', visit: 1, ok: false, error: 'timeout' };
    expect(sent(stepRun(lookup, started.state, failed, { profile: carol, now: MONDAY }).effects)).toEqual([
      'Fallback',
    ]);
  });

  it('lets a condition see a profile update made earlier in the same step', () => {
    const journey = compile(
      [
        node('start', 'api-trigger'),
        node('upgrade', 'update-profile', { set: [{ field: 'plan', value: 'pro' }], unset: [] }),
        node('pro', 'condition', {
          rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] },
        }),
        node('yes', 'send-message', sms('Pro welcome')),
        node('no', 'send-message', sms('Free welcome')),
      ],
      [...chain('start', 'upgrade', 'pro'), edge('pro', 'yes', 'yes'), edge('pro', 'no', 'no')],
    );
    const { effects } = enter(journey, profileOf('dan', { plan: 'free' }));
    expect(sent(effects)).toEqual(['Pro welcome']);
    expect(effects.find((effect) => effect.type === 'update-profile')).toMatchObject({
      set: { plan: 'pro' },
      unset: [],
    });
  });
});

describe('waits, loops and splits', () => {
  it('waits for an event with a timeout, leaving through matched or timeout', () => {
    const journey = compile(
      [
        node('start', 'api-trigger'),
        node('survey', 'wait-for-event', {
          event: 'survey.completed',
          where: [{ field: 'event.score', operator: 'exists' }],
          timeout: { amount: 3, unit: 'days' },
        }),
        node('thanks', 'send-message', sms('Thanks')),
        node('reminder', 'send-message', sms('Reminder')),
      ],
      [edge('start', 'survey'), edge('survey', 'thanks', 'matched'), edge('survey', 'reminder', 'timeout')],
    );
    const eve = profileOf('eve');
    const { state } = enter(journey, eve);
    expect(state.wakeAt).toBe(MONDAY + 3 * DAY);
    const answered = {
      type: 'event' as const,
      event: { id: 'e1', name: 'survey.completed', properties: { score: 8 }, at: MONDAY + DAY },
    };
    const matched = stepRun(journey, state, answered, { profile: eve, now: MONDAY + DAY });
    expect(sent(matched.effects)).toEqual(['Thanks']);
    expect(matched.effects.map((effect) => effect.type)).toContain('cancel-timer');
    const timedOut = stepRun(
      journey,
      state,
      { type: 'timer', nodeId: 'survey', visit: 1 },
      { profile: eve, now: MONDAY + 3 * DAY },
    );
    expect(sent(timedOut.effects)).toEqual(['Reminder']);
    expect(timedOut.effects.map((effect) => effect.type)).not.toContain('cancel-timer');
  });

  it('loops through a wait with a new visit, a new timer and new keys each time', () => {
    const journey = compile(
      [
        node('start', 'api-trigger'),
        node('daily', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }),
        node('ping', 'send-message', sms('Daily')),
      ],
      [edge('start', 'daily'), edge('daily', 'ping'), edge('ping', 'daily')],
    );
    const fay = profileOf('fay');
    let state: RunState = enter(journey, fay).state;
    const keys = new Set<string>();
    for (let day = 1; day <= 3; day++) {
      const fired = stepRun(
        journey,
        state,
        { type: 'timer', nodeId: 'daily', visit: day },
        { profile: fay, now: MONDAY + day * DAY },
      );
      for (const effect of fired.effects) keys.add(effect.key);
      state = fired.state;
      expect(state.wakeAt).toBe(MONDAY + (day + 1) * DAY);
    }
    expect(keys.has('run-fay:ping:3:a0')).toBe(true);
    expect(keys.size).toBe(3 * 6);
  });

  it('assigns split arms by a hash of customer, journey and node, with the configured weights', () => {
    const journey = compile(
      [
        node('start', 'api-trigger'),
        node('split', 'random-split', {
          arms: [
            { id: 'a', label: 'A', weight: 70 },
            { id: 'b', label: 'B', weight: 30 },
          ],
          holdout: { enabled: true, weight: 0 },
        }),
        node('a', 'send-message', sms('A')),
        node('b', 'send-message', sms('B')),
      ],
      [edge('start', 'split'), edge('split', 'a', 'a'), edge('split', 'b', 'b')],
    );
    const counts: Record<string, number> = {};
    for (let i = 0; i < 2_000; i++) {
      const profile = profileOf(`c${i}`);
      const [name] = sent(enter(journey, profile).effects);
      counts[name ?? 'none'] = (counts[name ?? 'none'] ?? 0) + 1;
      if (i < 20) expect(name).toBe(drawArm(`c${i}`, 'journey-1', 'split', [70, 30, 0]) === 0 ? 'A' : 'B');
    }
    expect(counts.A).toBeGreaterThan(1_300);
    expect(counts.A).toBeLessThan(1_500);
    expect(counts.none).toBeUndefined();
  });

  it('counts a journey goal that does not end the run once, within its window', () => {
    const journey = compile(
      [
        node('start', 'api-trigger'),
        node('pause', 'wait', { mode: 'duration', duration: { amount: 30, unit: 'days' } }),
      ],
      [edge('start', 'pause')],
      {
        settings: {
          goal: {
            event: { event: 'order.completed' },
            attributionWindowSeconds: 7 * 86_400,
            exitOnGoal: false,
          },
        },
      },
    );
    const gus = profileOf('gus');
    let state = enter(journey, gus).state;
    const order = (at: number) => ({
      type: 'event' as const,
      event: { id: `o${at}`, name: 'order.completed', properties: {}, at },
    });
    const first = stepRun(journey, state, order(MONDAY + HOUR), { profile: gus, now: MONDAY + HOUR });
    expect(first.effects).toMatchObject([{ type: 'step', kind: 'converted', nodeId: 'pause' }]);
    state = first.state;
    expect(state.status).toBe('active');
    expect(
      stepRun(journey, state, order(MONDAY + 2 * HOUR), { profile: gus, now: MONDAY + 2 * HOUR }).effects,
    ).toEqual([]);
    const late = enter(journey, gus).state;
    expect(
      stepRun(journey, late, order(MONDAY + 8 * DAY), { profile: gus, now: MONDAY + 8 * DAY }).effects,
    ).toEqual([]);
  });
});
