import { chain, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { compileForTest, DAY, MONDAY } from '../test-support';
import { createSimulation } from './create-simulation';

/** Nurture: hello -> wait N days -> a message saying which version sent it. */
const version = (number: number, days: number) =>
  compileForTest(
    journeyDoc(
      [
        node('go', 'event-trigger', { event: 'nurture.go' }),
        node('hello', 'send-message', { channel: 'sms', name: 'Hello', body: 'hi' }),
        node(`wait${days}`, 'wait', { mode: 'duration', duration: { amount: days, unit: 'days' } }),
        node('after', 'send-message', { channel: 'sms', name: 'After', body: `from v${number}` }),
      ],
      chain('go', 'hello', `wait${days}`, 'after'),
    ),
    builtinRegistry,
    'nurture',
    number,
  );
const v1 = version(1, 3);
const v2 = version(2, 1);

const bodies = (sim: ReturnType<typeof createSimulation>) =>
  sim
    .report()
    .effects.flatMap((effect) => (effect.type === 'send' ? [`${effect.customerId}:${effect.body}`] : []));

describe('a simulation migrating its customers', () => {
  it('moves waiting customers at the given time; their waits restart there and the old timers never fire', () => {
    const sim = createSimulation(v1, { start: MONDAY });
    for (const id of ['ola', 'pia']) sim.track(id, 'nurture.go');
    sim.advance(DAY / 2);
    expect(sim.migrate(v2, { wait3: 'wait1' })).toEqual({ moved: 2, problems: [] });
    sim.track('quin', 'nurture.go');
    expect(sim.report().nodes.wait3).toMatchObject({ entered: 2, waiting: 0, left: 2 });
    expect(sim.report().nodes.wait1).toMatchObject({ entered: 3, waiting: 3 });
    sim.advance(DAY);
    // A day after the move: the moved customers and the one who entered version 2 at the move.
    expect(bodies(sim).filter((body) => body.includes('from v'))).toHaveLength(3);
    sim.advance(3 * DAY);
    expect(bodies(sim).filter((body) => body.includes('from v'))).toEqual([
      'ola:from v2',
      'pia:from v2',
      'quin:from v2',
    ]);
    const left = sim.report().effects.filter((effect) => effect.type === 'step' && effect.kind === 'left');
    expect(left.filter((effect) => effect.nodeId === 'wait3')).toEqual([
      expect.objectContaining({ port: 'migrated', customerId: 'ola', at: MONDAY + DAY / 2 }),
      expect.objectContaining({ port: 'migrated', customerId: 'pia', at: MONDAY + DAY / 2 }),
    ]);
  });

  it('moves no one when the map has problems, and customers keep entering the old version', () => {
    const sim = createSimulation(v1, { start: MONDAY });
    sim.track('ola', 'nurture.go');
    const refused = sim.migrate(v2, { wait3: 'after' });
    expect(refused.moved).toBe(0);
    expect(refused.problems).toEqual([
      expect.objectContaining({ code: 'target-not-waiting', nodeId: 'wait3' }),
    ]);
    sim.track('pia', 'nurture.go');
    sim.advance(3 * DAY);
    expect(bodies(sim).filter((body) => body.includes('from v'))).toEqual(['ola:from v1', 'pia:from v1']);
  });
});
