import type { CompiledJourney } from '@stagecraft/compiler';
import { chain, edge, journeyDoc, literalMachine, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, HOUR, MONDAY, profileOf } from './test-support';

const action = fc.constantFrom('tag', 'update-profile', 'send-message', 'condition');

const config = (type: string, i: number) => {
  if (type === 'tag') return { op: 'add', tag: `t${i % 7}` };
  if (type === 'update-profile') return { set: [{ field: `f${i % 5}`, value: i }], unset: [] };
  if (type === 'send-message') return { channel: 'sms', name: `m${i}`, body: `Step ${i}` };
  return { rules: { all: [{ field: 'profile.f1', operator: 'exists' }] } };
};

/** A chain of actions many times longer than one fused transition, around a wait that loops back. */
function longChain(types: string[]) {
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
  return compileForTest(journeyDoc(nodes, edges), builtinRegistry);
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
