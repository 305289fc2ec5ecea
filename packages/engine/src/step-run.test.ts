import { chain, edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, DAY, HOUR, MONDAY, profileOf } from './test-support';
import type { CustomerEvent, Effect, RunState } from './types';

const email = (name: string, body = 'Hi {{ profile.first_name | "there" }}') => ({
  channel: 'email',
  name,
  subject: `${name} for {{ profile.first_name }}`,
  body,
});

/** Sign-up (onboarding) -> welcome -> wait 2 days -> bought? -> thanks (engagement) | nudge -> done; goal on order; exit on deletion. */
const journey = compileForTest(
  journeyDoc(
    [
      node('signup', 'event-trigger', { event: 'user.signed_up' }, { stage: 'onboarding' }),
      node('welcome', 'send-message', email('Welcome'), { stage: 'onboarding' }),
      node(
        'pause',
        'wait',
        { mode: 'duration', duration: { amount: 2, unit: 'days' } },
        { stage: 'onboarding' },
      ),
      node('active', 'condition', {
        rules: { all: [{ eventCount: { event: 'app.opened' }, operator: 'greater_or_equal', value: 2 }] },
      }),
      node('thanks', 'send-message', email('Thanks'), { stage: 'engagement' }),
      node('nudge', 'send-message', email('Nudge')),
      node('done', 'exit'),
      node('bought', 'goal', {
        event: 'order.completed',
        where: [{ field: 'event.total', operator: 'greater_than', value: 0 }],
      }),
    ],
    [
      ...chain('signup', 'welcome', 'pause', 'active'),
      edge('active', 'thanks', 'yes'),
      edge('active', 'nudge', 'no'),
      edge('thanks', 'done'),
      edge('nudge', 'done'),
    ],
    {
      stages: [
        { id: 'onboarding', name: 'Onboarding', color: '#8b5cf6', order: 0 },
        { id: 'engagement', name: 'Engagement', color: '#10b981', order: 1 },
      ],
      settings: { exitEvents: [{ event: 'account.deleted' }] },
    },
  ),
  builtinRegistry,
);

const ada = profileOf('ada', { first_name: 'Ada', email: 'ada@example.com' });
const signup: CustomerEvent = { id: 'e-signup', name: 'user.signed_up', properties: {}, at: MONDAY };
const event = (name: string, at: number, properties: Record<string, unknown> = {}): CustomerEvent => ({
  id: `e-${name}-${at}`,
  name,
  properties,
  at,
});
const start = () =>
  startRun(journey, {
    runId: 'run-1',
    customerId: 'ada',
    triggerNodeId: 'signup',
    event: signup,
    profile: ada,
    now: MONDAY,
  });
const summary = (effects: Effect[]) =>
  effects.map((effect) =>
    effect.type === 'step'
      ? `${effect.kind}:${effect.nodeId}${effect.port ? `:${effect.port}` : ''}`
      : `${effect.type}:${effect.nodeId}`,
  );

describe('startRun', () => {
  it('runs from the trigger to the first wait, asking for effects as data', () => {
    const { state, effects } = start();
    expect(summary(effects)).toEqual([
      'entered:signup',
      'set-stage:signup',
      'left:signup:out',
      'entered:welcome',
      'send:welcome',
      'left:welcome:out',
      'entered:pause',
      'schedule-timer:pause',
    ]);
    expect(state).toMatchObject({
      status: 'active',
      currentNodeId: 'pause',
      wakeAt: MONDAY + 2 * DAY,
      enteredAt: MONDAY,
      endedAt: null,
    });
  });

  it('renders messages for the customer and keys every effect by run, node and visit', () => {
    const { effects } = start();
    const send = effects.find((effect) => effect.type === 'send');
    expect(send).toMatchObject({
      key: 'run-1:welcome:1:a0',
      channel: 'email',
      to: 'ada@example.com',
      subject: 'Welcome for Ada',
      body: 'Hi Ada',
      messageName: 'Welcome',
    });
    expect(new Set(effects.map((effect) => effect.key)).size).toBe(effects.length);
    expect(effects.find((effect) => effect.type === 'set-stage')).toMatchObject({
      stage: 'onboarding',
      previousStage: null,
    });
  });

  it('fails at once, with no effects, for a node that is not a trigger', () => {
    const { state, effects } = startRun(journey, {
      runId: 'r',
      customerId: 'ada',
      triggerNodeId: 'pause',
      event: null,
      profile: ada,
      now: MONDAY,
    });
    expect(state.status).toBe('failed');
    expect(effects).toEqual([]);
  });
});

describe('stepRun', () => {
  const waiting = () => start().state;
  const timer = (state: RunState) => ({
    type: 'timer' as const,
    nodeId: state.currentNodeId as string,
    visit: 1,
  });
  const profile = { ...ada, stage: 'onboarding' };

  it('moves on when the wait timer fires, branching on events seen since entry', () => {
    let state = waiting();
    for (const at of [MONDAY + HOUR, MONDAY + 2 * HOUR])
      state = stepRun(
        journey,
        state,
        { type: 'event', event: event('app.opened', at) },
        { profile, now: at },
      ).state;
    const { state: done, effects } = stepRun(journey, state, timer(state), {
      profile,
      now: MONDAY + 2 * DAY,
    });
    expect(summary(effects)).toEqual([
      'left:pause:out',
      'entered:active',
      'left:active:yes',
      'entered:thanks',
      'set-stage:thanks',
      'send:thanks',
      'left:thanks:out',
      'entered:done',
      'completed:done',
    ]);
    expect(done).toMatchObject({
      status: 'completed',
      currentNodeId: 'done',
      endedAt: MONDAY + 2 * DAY,
      wakeAt: null,
    });
  });

  it('counts events applied after entry whatever their timestamp, and ignores the trigger itself', () => {
    let state = waiting();
    expect(stepRun(journey, state, { type: 'event', event: signup }, { profile, now: MONDAY }).state).toBe(
      state,
    );
    // Sent in one batch with the trigger, stamped by the client before the server started the run.
    for (const at of [MONDAY - HOUR, MONDAY - 2 * HOUR]) {
      state = stepRun(
        journey,
        state,
        { type: 'event', event: event('app.opened', at) },
        { profile, now: MONDAY },
      ).state;
    }
    const { effects } = stepRun(journey, state, timer(state), { profile, now: MONDAY + 2 * DAY });
    expect(summary(effects)).toContain('left:active:yes');
  });

  it('ignores a timer fired for an old visit, an ended run, and malformed inputs', () => {
    const state = waiting();
    expect(
      stepRun(
        journey,
        state,
        { type: 'timer', nodeId: 'pause', visit: 0 },
        { profile, now: MONDAY + 2 * DAY },
      ),
    ).toEqual({ state, effects: [] });
    expect(stepRun(journey, state, { type: 'nonsense' } as never, { profile, now: MONDAY })).toEqual({
      state,
      effects: [],
    });
    const ended = stepRun(journey, state, timer(state), { profile, now: MONDAY + 2 * DAY }).state;
    expect(stepRun(journey, ended, timer(state), { profile, now: MONDAY + 3 * DAY })).toEqual({
      state: ended,
      effects: [],
    });
  });

  it('converts at once when the goal event arrives during a wait, cancelling the timer', () => {
    const state = waiting();
    const small = stepRun(
      journey,
      state,
      { type: 'event', event: event('order.completed', MONDAY + DAY, { total: 0 }) },
      { profile, now: MONDAY + DAY },
    );
    expect(small.effects).toEqual([]);
    const { state: converted, effects } = stepRun(
      journey,
      state,
      { type: 'event', event: event('order.completed', MONDAY + DAY, { total: 30 }) },
      { profile, now: MONDAY + DAY },
    );
    expect(summary(effects)).toEqual([
      'cancel-timer:pause',
      'left:pause',
      'entered:bought',
      'converted:bought',
    ]);
    expect(effects[0]).toMatchObject({ timerId: 'run-1:pause:1' });
    expect(converted).toMatchObject({ status: 'converted', currentNodeId: 'bought', wakeAt: null });
  });

  it('exits at once on a journey exit event', () => {
    const { state, effects } = stepRun(
      journey,
      waiting(),
      { type: 'event', event: event('account.deleted', MONDAY + HOUR) },
      { profile, now: MONDAY + HOUR },
    );
    expect(summary(effects)).toEqual(['cancel-timer:pause', 'exited:pause']);
    expect(state).toMatchObject({ status: 'exited', currentNodeId: 'pause' });
  });

  it('keeps run state as plain JSON without the profile or the clock', () => {
    const state = waiting();
    const json = JSON.stringify(state);
    expect(JSON.parse(json)).toEqual(state);
    expect(json).not.toContain('ada@example.com');
    expect(json).not.toContain('"now"');
  });

  it('ends a corrupted stored state as failed instead of throwing', () => {
    const state = waiting();
    const broken = { ...state, snapshot: { value: 'no-such-node', context: {} } };
    expect(stepRun(journey, broken, timer(state), { profile, now: MONDAY }).state.status).toBe('failed');
  });
});
