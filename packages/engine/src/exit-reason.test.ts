import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { exitReason } from './exit-reason';
import { createSimulation } from './simulation/create-simulation';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, DAY, MONDAY, profileOf } from './test-support';

const wait = { mode: 'duration', duration: { amount: 3, unit: 'days' } };

/** Sign-up, then a 3-day wait; "Order Completed" converts through a goal step, "Account Closed" exits. */
const journey = compileForTest(
  journeyDoc(
    [
      node('signup', 'event-trigger', { event: 'Signed Up' }),
      node('pause', 'wait', wait),
      node('done', 'exit'),
      node('won', 'goal', { event: 'Order Completed' }),
    ],
    [edge('signup', 'pause'), edge('pause', 'done')],
    { settings: { exitEvents: [{ event: 'Account Closed' }] } },
  ),
  builtinRegistry,
);

function waiting() {
  return startRun(journey, {
    runId: 'run-1',
    customerId: 'ada',
    triggerNodeId: 'signup',
    event: { id: 'e0', name: 'Signed Up', properties: {}, at: MONDAY },
    profile: profileOf('ada'),
    now: MONDAY,
  }).state;
}

const event = (name: string) =>
  ({ type: 'event', event: { id: name, name, properties: {}, at: MONDAY + 1 } }) as const;

describe('exitReason', () => {
  it('names the exit event that ended the run, not only the step', () => {
    const result = stepRun(journey, waiting(), event('Account Closed'), {
      profile: profileOf('ada'),
      now: MONDAY + 1,
    });
    expect(result.state.status).toBe('exited');
    expect(exitReason(result.effects, result.state.status)).toBe('exited: Account Closed');
  });

  it('names the goal event of a goal step', () => {
    const result = stepRun(journey, waiting(), event('Order Completed'), {
      profile: profileOf('ada'),
      now: MONDAY + 1,
    });
    expect(exitReason(result.effects, result.state.status)).toBe('converted: Order Completed');
  });

  it('names the step when the run ended by reaching it', () => {
    const timer = { type: 'timer', nodeId: 'pause', visit: 1 } as const;
    const result = stepRun(journey, waiting(), timer, { profile: profileOf('ada'), now: MONDAY + 3 * DAY });
    expect(exitReason(result.effects, result.state.status)).toBe('completed at done');
    expect(exitReason([], 'failed')).toBe('failed');
  });

  it('is in the simulator report as the runtime records it', () => {
    const simulation = createSimulation(journey, { start: MONDAY });
    simulation.identify('ada', {});
    simulation.track('ada', 'Signed Up');
    simulation.advance(DAY);
    simulation.track('ada', 'Account Closed');
    const report = simulation.report();
    expect(report.customers.ada?.runs[0]).toMatchObject({
      status: 'exited',
      exitReason: 'exited: Account Closed',
    });
  });
});
