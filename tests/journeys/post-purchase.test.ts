import { describe, expect, it } from 'vitest';
import { addCustomer, DAY, messageNames, messagesOf, onlyRun, runsOf, START, simulate } from './simulate';

const order = (category: string, orderId: string) => ({
  order_id: orderId,
  category,
  revenue: 120,
  currency: 'EUR',
});

/** Three buyers, one per cross-sell branch, all ordering at START. */
function run() {
  const sim = simulate('post-purchase');
  for (const id of ['anna', 'eli', 'otto']) addCustomer(sim, id);
  sim.track('anna', 'Order Completed', order('apparel', 'A-1'));
  sim.track('eli', 'Order Completed', order('electronics', 'E-1'));
  sim.track('otto', 'Order Completed', order('books', 'O-1'));
  return sim;
}

describe('post-purchase tips and cross-sell', () => {
  it('sends tips two days after the order and a cross-sell five days after that', () => {
    const sim = run();
    sim.advance(8 * DAY);
    expect(messagesOf(sim.report(), 'anna')).toEqual([
      { nodeId: 'tips-email', name: 'Post-purchase tips', channel: 'email', at: START + 2 * DAY },
      { nodeId: 'apparel-email', name: 'Cross-sell: apparel', channel: 'email', at: START + 7 * DAY },
    ]);
  });

  it('picks the cross-sell by the category of the order that started the journey', () => {
    const sim = run();
    sim.advance(8 * DAY);
    const report = sim.report();
    expect(messageNames(report, 'eli').at(-1)).toBe('Cross-sell: electronics');
    expect(messageNames(report, 'otto').at(-1)).toBe('Cross-sell: bestsellers');
    expect(onlyRun(report, 'otto').path).toContain('general-email');
    expect(report.nodes['category-split']?.entered).toBe(3);
  });

  it('sends nothing before the two days are up', () => {
    const sim = run();
    sim.advance(2 * DAY - 1);
    expect(sim.report().effects.filter((effect) => effect.type === 'send')).toEqual([]);
  });

  it('keeps one series per customer: a second order mid-series neither restarts it nor changes the cross-sell', () => {
    const sim = run();
    sim.advance(3 * DAY);
    sim.track('anna', 'Order Completed', order('electronics', 'A-2'));
    sim.advance(5 * DAY);
    const report = sim.report();
    expect(runsOf(report, 'anna')).toHaveLength(1);
    expect(messageNames(report, 'anna')).toEqual(['Post-purchase tips', 'Cross-sell: apparel']);
  });

  it('starts a new series for an order after the previous one has ended', () => {
    const sim = run();
    sim.advance(8 * DAY);
    sim.track('anna', 'Order Completed', order('electronics', 'A-3'));
    sim.advance(8 * DAY);
    const report = sim.report();
    expect(runsOf(report, 'anna').map((run) => run.status)).toEqual(['completed', 'completed']);
    expect(messageNames(report, 'anna').at(-1)).toBe('Cross-sell: electronics');
  });
});
