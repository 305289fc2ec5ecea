import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { compileForTest, DAY, MONDAY } from '../test-support';
import { SimulationLimitError } from './budget';
import { createSimulation } from './create-simulation';

/** Enter by hand, then tag and wait a minute, round and round: a loop the compiler allows. */
const loop = compileForTest(
  journeyDoc(
    [
      node('manual', 'api-trigger'),
      node('mark', 'tag', { op: 'add', tag: 'looping' }),
      node('pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'minutes' } }),
    ],
    [edge('manual', 'mark'), edge('mark', 'pause'), edge('pause', 'mark')],
  ),
  builtinRegistry,
);

function stoppedBy(work: () => void): SimulationLimitError {
  try {
    work();
  } catch (error) {
    if (error instanceof SimulationLimitError) return error;
    throw error;
  }
  throw new Error('the simulation did not stop');
}

describe('simulation budget', () => {
  it('stops a loop through a short wait at the first limit it passes, naming it', () => {
    const sim = createSimulation(loop, { start: MONDAY, budget: { limits: { steps: 500 } } });
    sim.enter('ann');
    const error = stoppedBy(() => sim.advance(400 * DAY));
    expect(error).toMatchObject({ limit: 'steps', max: 500 });
  });

  it('counts timers fired, effects kept and effects reported, each against its own limit', () => {
    const timers = createSimulation(loop, { start: MONDAY, budget: { limits: { timers: 30 } } });
    timers.enter('ann');
    expect(stoppedBy(() => timers.advance(DAY))).toMatchObject({ limit: 'timers', max: 30 });

    const effects = createSimulation(loop, { start: MONDAY, budget: { limits: { effects: 100 } } });
    effects.enter('ann');
    expect(stoppedBy(() => effects.advance(DAY))).toMatchObject({ limit: 'effects', max: 100 });

    const reports = createSimulation(loop, { start: MONDAY, budget: { limits: { reportEffects: 50 } } });
    reports.enter('ann');
    reports.advance(5 * 60_000);
    reports.report();
    expect(stoppedBy(() => reports.report())).toMatchObject({ limit: 'reportEffects', max: 50 });
  });

  it('stops when the caller says its time is up, without reading a clock itself', () => {
    let polls = 0;
    const sim = createSimulation(loop, {
      start: MONDAY,
      budget: { pastDeadline: () => ++polls > 40, wallTimeMs: 10_000 },
    });
    sim.enter('ann');
    expect(stoppedBy(() => sim.advance(400 * DAY))).toMatchObject({ limit: 'wall-time', max: 10_000 });
    expect(polls).toBe(41);
  });

  it('lets a simulation within its limits run as before', () => {
    const sim = createSimulation(loop, { start: MONDAY });
    sim.enter('ann');
    sim.advance(60 * 60_000);
    expect(sim.report().customers.ann?.profile.tags).toEqual(['looping']);
  });
});
