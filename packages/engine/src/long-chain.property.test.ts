import { type CompiledJourney, compileJourney } from '@stagecraft/compiler';
import { chain, edge, journeyDoc, literalMachine, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyProfileEffects } from './apply-profile-effects';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, HOUR, MONDAY, profileOf } from './test-support';
import type { Effect, StepResult } from './types';

const action = fc.constantFrom('tag', 'update-profile', 'send-message', 'condition');

const config = (type: string, i: number) => {
  if (type === 'tag') return { op: 'add', tag: `t${i % 7}` };
  if (type === 'update-profile') return { set: [{ field: `f${i % 5}`, value: i }], unset: [] };
  if (type === 'send-message') return { channel: 'sms', name: `m${i}`, body: `Step ${i}` };
  return { rules: { all: [{ field: 'profile.f1', operator: 'exists' }] } };
};

/** A chain of actions many times longer than one fused transition, around a wait that loops back. */
function longChain(types: string[], maxOutputsPerStep?: number) {
  const ids = types.map((_, i) => `a${i}`);
  const half = Math.floor(ids.length / 2);
  const nodes = [
    node('start', 'api-trigger'),
    ...types.map((type, i) => node(ids[i] as string, type, config(type, i))),
    node('pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'hours' } }),
  ];
  const edges = [edge('start', ids[0] as string)];
  const link = (from: string, to: string, type: string | undefined) =>
    type === 'condition' ? [edge(from, to, 'yes'), edge(from, to, 'no')] : [edge(from, to)];
  ids.forEach((id, i) => {
    const next = i === half ? 'pause' : (ids[i + 1] ?? null);
    if (next) edges.push(...link(id, next, types[i]));
  });
  edges.push(...chain('pause', ids[half + 1] ?? (ids[0] as string)));
  const document = journeyDoc(nodes, edges);
  if (maxOutputsPerStep === undefined) return compileForTest(document, builtinRegistry);
  const result = compileJourney(document, builtinRegistry, {
    journeyId: 'journey-1',
    version: 1,
    maxOutputsPerStep,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.journey;
}

/**
 * Enters a customer, wakes the wait once, and follows every `continue` at once, as the runtime
 * does in follow-up transactions: the profile each step sees is the one earlier steps left.
 */
function playThrough(journey: CompiledJourney) {
  let profile = profileOf('ann');
  const effects: Effect[] = [];
  let steps = 0;
  const take = (result: StepResult) => {
    steps++;
    effects.push(...result.effects);
    profile = applyProfileEffects(profile, result.effects);
    return result;
  };
  let result = take(
    startRun(journey, {
      runId: 'run',
      customerId: 'ann',
      triggerNodeId: 'start',
      event: null,
      profile,
      now: MONDAY,
    }),
  );
  const goOn = (now: number) => {
    for (
      let next = result.effects.find((e) => e.type === 'continue');
      next;
      next = result.effects.find((e) => e.type === 'continue')
    ) {
      const input = { type: 'timer' as const, nodeId: next.nodeId, visit: next.visit };
      result = take(stepRun(journey, result.state, input, { profile, now }));
    }
  };
  goOn(MONDAY);
  result = take(
    stepRun(
      journey,
      result.state,
      { type: 'timer', nodeId: 'pause', visit: 1 },
      { profile, now: MONDAY + HOUR },
    ),
  );
  goOn(MONDAY + HOUR);
  return { effects, state: result.state, steps, profile };
}

function play(journey: CompiledJourney) {
  const profile = profileOf('ann');
  const started = startRun(journey, {
    runId: 'run',
    customerId: 'ann',
    triggerNodeId: 'start',
    event: null,
    profile,
    now: MONDAY,
  });
  const input = { type: 'timer' as const, nodeId: 'pause', visit: 1 };
  const woken = stepRun(journey, started.state, input, { profile, now: MONDAY + HOUR });
  return { started, woken };
}

describe('long chains', () => {
  it('give the effects, keys and states of the definition run one action at a time', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 40, maxLength: 160 }), (types) => {
        const journey = longChain(types);
        const literal = { ...journey, machine: literalMachine(journey.definition) };
        expect(play(journey)).toEqual(play(literal));
      }),
      { numRuns: 25 },
    );
  });

  it('stopped at any step size, give the effects, keys, profile and end state of one long step', () => {
    fc.assert(
      fc.property(
        fc.array(action, { minLength: 40, maxLength: 160 }),
        fc.integer({ min: 4, max: 60 }),
        (types, maxOutputs) => {
          const whole = playThrough(longChain(types));
          const split = playThrough(longChain(types, maxOutputs));
          expect(whole.steps).toBe(2);
          expect(split.steps).toBeGreaterThanOrEqual(2);
          const { wakeAt: _a, ...wholeState } = whole.state;
          const { wakeAt: _b, ...splitState } = split.state;
          expect(splitState).toEqual(wholeState);
          expect(split.profile).toEqual(whole.profile);
          expect(split.effects.filter((e) => e.type !== 'continue')).toEqual(whole.effects);
          for (const effect of split.effects.filter((e) => e.type === 'continue'))
            expect(effect.key).toBe(`run:${effect.nodeId}:${effect.visit}:continue`);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('stop a step past its size and ask to go on at the node where it stopped', () => {
    const journey = longChain(
      Array.from({ length: 100 }, () => 'tag'),
      30,
    );
    const started = startRun(journey, {
      runId: 'run',
      customerId: 'ann',
      triggerNodeId: 'start',
      event: null,
      profile: profileOf('ann'),
      now: MONDAY,
    });
    const next = started.effects.at(-1);
    expect(next).toMatchObject({
      type: 'continue',
      nodeId: started.state.currentNodeId,
      visit: 1,
      at: MONDAY,
    });
    expect(started.state).toMatchObject({ status: 'active', wakeAt: MONDAY });
    expect(started.effects.filter((e) => e.type === 'tag').length).toBeLessThan(20);
    expect(playThrough(journey).steps).toBeGreaterThan(6);
  });

  it('leave a returned state untouched when it is stepped again', () => {
    const journey = longChain(Array.from({ length: 120 }, (_, i) => (i % 2 ? 'tag' : 'update-profile')));
    const { started } = play(journey);
    const before = JSON.stringify(started);
    const profile = profileOf('ann');
    const input = { type: 'timer' as const, nodeId: 'pause', visit: 1 };
    const once = stepRun(journey, started.state, input, { profile, now: MONDAY + HOUR });
    const twice = stepRun(journey, started.state, input, { profile, now: MONDAY + HOUR });
    expect(twice).toEqual(once);
    expect(JSON.stringify(started)).toBe(before);
  });
});
