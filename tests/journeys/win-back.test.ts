import { describe, expect, it } from 'vitest';
import { addCustomer, DAY, messageNames, messagesOf, onlyRun, runsOf, START, simulate } from './simulate';

function run() {
  const sim = simulate('win-back');
  for (const id of ['lapsed', 'loyal', 'returning']) {
    addCustomer(sim, id);
    sim.track(id, 'order.completed', { order_id: `${id}-1`, revenue: 40 });
  }
  return sim;
}

describe('30-day win-back', () => {
  it('keeps waiting after the order that started it: the triggering order is not the next one', () => {
    const sim = run();
    const report = sim.report();
    expect(onlyRun(report, 'lapsed')).toMatchObject({ status: 'active', currentNodeId: 'await-next-order' });
    expect(report.nodes['await-next-order']?.waiting).toBe(3);
  });

  it('sends the win-back offer after 30 days without an order, and the last offer a week later', () => {
    const sim = run();
    sim.advance(40 * DAY);
    const report = sim.report();
    expect(messagesOf(report, 'lapsed')).toEqual([
      { nodeId: 'win-back-email', name: 'Win-back offer', channel: 'email', at: START + 30 * DAY },
      { nodeId: 'last-offer-email', name: 'Win-back last offer', channel: 'email', at: START + 37 * DAY },
    ]);
    const lapsed = onlyRun(report, 'lapsed');
    expect(lapsed.status).toBe('completed');
    expect(lapsed.path).toEqual([
      'order-completed',
      'await-next-order',
      'win-back-email',
      'await-comeback',
      'last-offer-email',
      'done',
    ]);
    expect(report.customers.lapsed?.profile.stage).toBe('retention');
  });

  it('sends nothing to a customer who orders again within 30 days, and restarts their clock', () => {
    const sim = run();
    sim.advance(20 * DAY);
    sim.track('loyal', 'order.completed', { order_id: 'loyal-2', revenue: 55 });
    sim.advance(29 * DAY);
    let report = sim.report();
    expect(messageNames(report, 'loyal')).toEqual([]);
    const runs = runsOf(report, 'loyal');
    expect(runs.map((r) => r.status)).toEqual(['completed', 'active']);
    expect(runs[0]?.path.at(-1)).toBe('ordered-again');
    sim.advance(2 * DAY);
    report = sim.report();
    expect(messagesOf(report, 'loyal')).toEqual([
      { nodeId: 'win-back-email', name: 'Win-back offer', channel: 'email', at: START + 50 * DAY },
    ]);
  });

  it('stops after the offer when the customer comes back, with no last offer', () => {
    const sim = run();
    sim.advance(33 * DAY);
    sim.track('returning', 'order.completed', { order_id: 'returning-2', revenue: 35 });
    sim.advance(10 * DAY);
    const report = sim.report();
    expect(messageNames(report, 'returning')).toEqual(['Win-back offer']);
    expect(runsOf(report, 'returning')[0]?.path.slice(-2)).toEqual(['await-comeback', 'won-back']);
    expect(report.nodes['won-back']?.completed).toBe(1);
  });
});
