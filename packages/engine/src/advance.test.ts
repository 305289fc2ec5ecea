import { initialRunContext, type RunContext, START_STATE } from '@stagecraft/compiler';
import { chain, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { createActor, transition } from 'xstate';
import installed from 'xstate/package.json' with { type: 'json' };
import engine from '../package.json' with { type: 'json' };
import { inertScope } from './advance';
import { compileForTest, MONDAY } from './test-support';

const journey = compileForTest(
  journeyDoc(
    [
      node('signup', 'event-trigger', { event: 'user.signed_up' }),
      node('welcome', 'send-message', { channel: 'email', name: 'Welcome', subject: 'Hi', body: 'Hi' }),
      node('pause', 'wait', { mode: 'duration', duration: { amount: 2, unit: 'days' } }),
      node('done', 'exit'),
    ],
    chain('signup', 'welcome', 'pause', 'done'),
  ),
  builtinRegistry,
);

const context = (): RunContext =>
  Object.assign(initialRunContext(), {
    enteredAt: MONDAY,
    run: { runId: 'r1', customerId: 'c1', journeyId: journey.journeyId },
    profile: { customerId: 'c1', traits: {}, stage: null, tags: [] },
    now: MONDAY,
  });

const enter = { type: 'enter' as const, triggerNodeId: 'signup', event: null };

describe('the actor scope advance builds by hand', () => {
  it('is built against the exact xstate version the engine pins', () => {
    expect(engine.dependencies.xstate).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed.version).toBe(engine.dependencies.xstate);
  });

  it('has every member of the scope XState gives its own actors', () => {
    const own = (createActor(journey.machine) as unknown as { _actorScope: object })._actorScope;
    expect(Object.keys(inertScope(journey.machine)).sort()).toEqual(Object.keys(own).sort());
  });

  it('steps a journey exactly as the public transition() does', () => {
    const ours = journey.machine.transition(
      journey.machine.resolveState({ value: START_STATE, context: context() }),
      enter,
      inertScope(journey.machine),
    );
    const [theirs] = transition(
      journey.machine,
      journey.machine.resolveState({ value: START_STATE, context: context() }),
      enter,
    );
    expect(ours.value).toBe('pause');
    expect(ours.value).toEqual(theirs.value);
    expect(ours.status).toEqual(theirs.status);
    expect(ours.context).toEqual(theirs.context);
  });
});
