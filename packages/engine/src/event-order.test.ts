import { chain, edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { createSimulation } from './simulation/create-simulation';
import { compileForTest, DAY, HOUR, MONDAY } from './test-support';

const sms = (name: string) => ({ channel: 'sms', name, body: name });

/** Sign-up, 3 days, then "did they view pricing (within a day) before starting the trial?" */
const journey = compileForTest(
  journeyDoc(
    [
      node('signup', 'event-trigger', { event: 'user.signed_up' }),
      node('pause', 'wait', { mode: 'duration', duration: { amount: 3, unit: 'days' } }),
      node('order', 'condition', {
        rules: {
          all: [
            {
              eventOrder: { first: 'pricing.viewed', second: 'trial.started', withinSeconds: 86_400 },
              operator: 'happened',
            },
          ],
        },
      }),
      node('sales', 'send-message', sms('Sales call')),
      node('nudge', 'send-message', sms('Pricing nudge')),
    ],
    [...chain('signup', 'pause', 'order'), edge('order', 'sales', 'yes'), edge('order', 'nudge', 'no')],
  ),
  builtinRegistry,
);

describe('event order in a condition, simulated', () => {
  it('records both events and branches on their order and gap', () => {
    expect(journey.trackedEvents).toEqual(['pricing.viewed', 'trial.started']);
    const simulation = createSimulation(journey, { start: MONDAY });
    const customers = {
      ann: ['pricing.viewed', 'trial.started'],
      bob: ['trial.started', 'pricing.viewed'],
      cid: ['pricing.viewed', 'wait', 'trial.started'],
      dee: ['trial.started'],
    };
    for (const id of Object.keys(customers)) {
      simulation.identify(id, { phone: `+33${id.length}` });
      simulation.track(id, 'user.signed_up');
    }
    for (const [id, steps] of Object.entries(customers)) {
      for (const step of steps) {
        if (step === 'wait') simulation.advance(HOUR * 30);
        else {
          simulation.advance(HOUR);
          simulation.track(id, step);
        }
      }
    }
    simulation.advance(4 * DAY);
    const sent = (id: string) =>
      simulation
        .report()
        .effects.filter((effect) => effect.type === 'send' && effect.customerId === id)
        .map((effect) => (effect.type === 'send' ? effect.messageName : null));
    expect(sent('ann')).toEqual(['Sales call']);
    expect(sent('bob')).toEqual(['Pricing nudge']);
    expect(sent('cid')).toEqual(['Pricing nudge']);
    expect(sent('dee')).toEqual(['Pricing nudge']);
  });
});
