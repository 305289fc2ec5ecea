import type { RunData } from '@stagecraft/compiler';
import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { startRun } from './start-run';
import { stepRun } from './step-run';
import { compileForTest, HOUR, MONDAY, profileOf } from './test-support';
import type { RunState } from './types';

const rules = {
  all: [
    { eventCount: { event: 'app.opened' }, operator: 'greater_or_equal', value: 2 },
    {
      eventCount: {
        event: 'order.completed',
        where: [{ field: 'event.total', operator: 'greater_than', value: 50 }],
      },
      operator: 'greater_or_equal',
      value: 1,
    },
  ],
};
const journey = compileForTest(
  journeyDoc(
    [
      node('start', 'api-trigger'),
      node('pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }),
      node('engaged', 'condition', { rules }),
      node('yes', 'exit'),
      node('no', 'exit'),
    ],
    [
      edge('start', 'pause'),
      edge('pause', 'engaged'),
      edge('engaged', 'yes', 'yes'),
      edge('engaged', 'no', 'no'),
    ],
  ),
  builtinRegistry,
);

describe('run history', () => {
  it('keeps only the events rules count, with properties only where a rule filters on them', () => {
    const profile = profileOf('ida');
    let state: RunState = startRun(journey, {
      runId: 'r',
      customerId: 'ida',
      triggerNodeId: 'start',
      event: null,
      profile,
      now: MONDAY,
    }).state;
    const events = [
      { name: 'app.opened', properties: { screen: 'home' } },
      { name: 'page.viewed', properties: { url: '/pricing' } },
      { name: 'order.completed', properties: { total: 80 } },
      { name: 'app.opened', properties: { screen: 'cart' } },
    ];
    events.forEach((event, index) => {
      const at = MONDAY + (index + 1) * HOUR;
      state = stepRun(
        journey,
        state,
        { type: 'event', event: { id: `e${index}`, ...event, at } },
        { profile, now: at },
      ).state;
    });
    const history = (state.snapshot as { context: RunData }).context.history;
    expect(history.map((entry) => [entry.name, entry.properties])).toEqual([
      ['app.opened', {}],
      ['order.completed', { total: 80 }],
      ['app.opened', {}],
    ]);
    const done = stepRun(
      journey,
      state,
      { type: 'timer', nodeId: 'pause', visit: 1 },
      { profile, now: MONDAY + 24 * HOUR },
    );
    expect(done.state.currentNodeId).toBe('yes');
  });
});
