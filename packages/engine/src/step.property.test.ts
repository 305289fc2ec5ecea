import type { CompiledJourney } from '@stagecraft/compiler';
import { edge, journeyDoc, literalMachine, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, HOUR, MONDAY, profileOf } from './test-support';
import type { RunInput, RunState, StepResult } from './types';

/** A journey with every kind of exit: timers, events, I/O results, splits, a loop, a goal and an exit event. */
const journey = compileForTest(
  journeyDoc(
    [
      node('start', 'event-trigger', { event: 'user.signed_up' }, { stage: 'onboarding' }),
      node('hello', 'send-message', {
        channel: 'email',
        name: 'Hello',
        subject: 'Hi',
        body: 'Hi {{ event.plan | "there" }}',
      }),
      node('listen', 'wait-for-event', {
        event: 'app.opened',
        where: [{ field: 'event.count', operator: 'greater_than', value: 1 }],
        timeout: { amount: 1, unit: 'days' },
      }),
      node('lookup', 'http-request', { method: 'POST', url: 'https://crm.example.com/x' }),
      node(
        'busy',
        'condition',
        {
          rules: {
            all: [
              {
                eventCount: { event: 'app.opened', withinSeconds: 86_400 },
                operator: 'greater_or_equal',
                value: 2,
              },
            ],
          },
        },
        { stage: 'engagement' },
      ),
      node('split', 'random-split', {
        arms: [
          { id: 'a', label: 'A', weight: 1 },
          { id: 'b', label: 'B', weight: 1 },
        ],
        holdout: { enabled: true, weight: 1 },
      }),
      node('nap', 'wait', { mode: 'time-of-day', hour: 9, minute: 0, weekdays: [1, 2, 3, 4, 5] }),
      node('bump', 'update-profile', { set: [{ field: 'visits', value: 1 }], unset: [] }),
      node('done', 'exit'),
      node('won', 'goal', { event: 'order.completed' }),
    ],
    [
      edge('start', 'hello'),
      edge('hello', 'listen'),
      edge('listen', 'lookup', 'matched'),
      edge('listen', 'busy', 'timeout'),
      edge('lookup', 'busy', 'success'),
      edge('lookup', 'done', 'failure'),
      edge('busy', 'split', 'yes'),
      edge('busy', 'nap', 'no'),
      edge('split', 'nap', 'a'),
      edge('split', 'bump', 'b'),
      edge('split', 'done', 'holdout'),
      edge('nap', 'listen'),
      edge('bump', 'done'),
    ],
    {
      stages: [
        { id: 'onboarding', name: 'Onboarding', color: '#8b5cf6', order: 0 },
        { id: 'engagement', name: 'Engagement', color: '#10b981', order: 1 },
      ],
      settings: { exitEvents: [{ event: 'account.closed' }] },
    },
  ),
  builtinRegistry,
);

const NODES = ['listen', 'lookup', 'nap', 'busy', 'nowhere'];
const eventInput = fc.record({
  type: fc.constant('event' as const),
  event: fc.record({
    id: fc.string({ maxLength: 4 }),
    name: fc.constantFrom('app.opened', 'order.completed', 'account.closed', 'user.signed_up', 'other'),
    properties: fc.dictionary(
      fc.constantFrom('count', 'plan', 'x'),
      fc.oneof(fc.integer({ min: -2, max: 5 }), fc.string(), fc.constant(null)),
    ),
    at: fc.integer({ min: -HOUR, max: 10 * HOUR }).map((offset) => MONDAY + offset),
  }),
});
const timerInput = fc.record({
  type: fc.constant('timer' as const),
  nodeId: fc.constantFrom(...NODES),
  visit: fc.integer({ min: 0, max: 4 }),
});
const resultInput = fc.record({
  type: fc.constant('result' as const),
  nodeId: fc.constantFrom(...NODES),
  visit: fc.integer({ min: 0, max: 4 }),
  ok: fc.boolean(),
  data: fc.jsonValue({ maxDepth: 2 }),
});
/** Mostly well-formed inputs, some of them garbage. */
const input = fc.oneof(
  { arbitrary: eventInput, weight: 4 },
  { arbitrary: timerInput, weight: 3 },
  { arbitrary: resultInput, weight: 2 },
  { arbitrary: fc.anything(), weight: 1 },
);
const scenario = fc.record({
  customer: fc.string({ minLength: 1, maxLength: 6 }),
  inputs: fc.array(input, { maxLength: 25 }),
  cut: fc.nat(),
});

/** The same journey on a machine that runs the definition as written: every action its own assign. */
const literal: CompiledJourney = { ...journey, machine: literalMachine(journey.definition) };

/** Plays a scenario; when `roundTripAt` is given, the state goes through JSON before that input. */
function play(customer: string, inputs: unknown[], roundTripAt = -1, on = journey): StepResult[] {
  const profile = profileOf(customer, { plan: 'pro', email: 'x@example.com' }, { timeZone: 'Europe/Paris' });
  const trigger = { id: 'signup', name: 'user.signed_up', properties: { plan: 'pro' }, at: MONDAY };
  const results = [
    startRun(on, {
      runId: 'run',
      customerId: customer,
      triggerNodeId: 'start',
      event: trigger,
      profile,
      now: MONDAY,
    }),
  ];
  inputs.forEach((next, index) => {
    let state = (results.at(-1) as StepResult).state;
    if (index === roundTripAt) state = JSON.parse(JSON.stringify(state)) as RunState;
    results.push(stepRun(on, state, next as RunInput, { profile, now: MONDAY + (index + 1) * HOUR }));
  });
  return results;
}

describe('engine properties', () => {
  it('is deterministic and never throws on any input sequence', () => {
    fc.assert(
      fc.property(scenario, ({ customer, inputs }) => {
        const first = play(customer, inputs);
        expect(play(customer, inputs)).toEqual(first);
        for (const { state, effects } of first) {
          expect(['active', 'completed', 'exited', 'converted', 'failed']).toContain(state.status);
          expect(new Set(effects.map((effect) => effect.key)).size).toBe(effects.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same effects and states after a JSON round trip of the run state mid-journey', () => {
    fc.assert(
      fc.property(scenario, ({ customer, inputs, cut }) => {
        const at = inputs.length === 0 ? 0 : cut % inputs.length;
        const direct = play(customer, inputs);
        const roundTripped = play(customer, inputs, at);
        expect(JSON.parse(JSON.stringify(roundTripped))).toEqual(JSON.parse(JSON.stringify(direct)));
      }),
      { numRuns: 300 },
    );
  });

  it('steps exactly as the definition says: fused transitions give the same states and effects', () => {
    fc.assert(
      fc.property(scenario, ({ customer, inputs }) => {
        expect(play(customer, inputs)).toEqual(play(customer, inputs, -1, literal));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a garbage run state', () => {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(input, fc.anything()), (state, next) => {
        const profile = profileOf('c');
        expect(() =>
          stepRun(journey, state as RunState, next as RunInput, { profile, now: MONDAY }),
        ).not.toThrow();
        const withSnapshot = {
          status: 'active',
          runId: 'r',
          customerId: 'c',
          enteredAt: 0,
          snapshot: state,
        } as RunState;
        expect(() =>
          stepRun(journey, withSnapshot, next as RunInput, { profile, now: MONDAY }),
        ).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
