import { describe, expect, it } from 'vitest';
import { addCustomer, messageNames, messagesOf, onlyRun, runsOf, simulate } from './simulate';

/** 09:00 local on a day in early 2025 (before either zone switches to summer time). */
const berlin9am = (month: number, day: number) => Date.UTC(2025, month, day, 8, 0);
const newYork9am = (month: number, day: number) => Date.UTC(2025, month, day, 14, 0);

/** Two customers renewing on 1 March 2025, in Berlin and New York, and one without a renewal date. */
function run() {
  const sim = simulate('renewal-reminders');
  addCustomer(sim, 'berlin', { renewal_date: '2025-03-01', plan: 'Pro' }, 'Europe/Berlin');
  addCustomer(sim, 'new-york', { renewal_date: '2025-03-01', plan: 'Team' }, 'America/New_York');
  addCustomer(sim, 'no-date', { plan: 'Free' });
  return sim;
}

describe('renewal reminders', () => {
  it("reminds 30 and 7 days before by email and 1 day before by SMS, at 09:00 in the customer's zone", () => {
    const sim = run();
    sim.advanceTo(Date.UTC(2025, 2, 2));
    const report = sim.report();
    expect(messagesOf(report, 'berlin')).toEqual([
      { nodeId: 'reminder-30-days', name: 'Renewal in 30 days', channel: 'email', at: berlin9am(0, 30) },
      { nodeId: 'reminder-7-days', name: 'Renewal in 7 days', channel: 'email', at: berlin9am(1, 22) },
      { nodeId: 'reminder-1-day-sms', name: 'Renewal tomorrow SMS', channel: 'sms', at: berlin9am(1, 28) },
    ]);
    expect(messagesOf(report, 'new-york').map((message) => message.at)).toEqual([
      newYork9am(0, 30),
      newYork9am(1, 22),
      newYork9am(1, 28),
    ]);
    expect(onlyRun(report, 'berlin')).toMatchObject({ status: 'completed', currentNodeId: 'done' });
    expect(report.customers.berlin?.profile.stage).toBe('renewal');
  });

  it('leaves customers without a renewal date alone', () => {
    const sim = run();
    sim.advanceTo(Date.UTC(2025, 2, 2));
    expect(runsOf(sim.report(), 'no-date')).toEqual([]);
  });

  it('ends the reminders at once when the customer renews during a wait, as a conversion', () => {
    const sim = run();
    sim.advanceTo(Date.UTC(2025, 1, 24, 12, 0));
    sim.track('berlin', 'renewal.completed', { plan: 'Pro', term: 'yearly' });
    const right = sim.report();
    const berlin = onlyRun(right, 'berlin');
    expect(berlin).toMatchObject({ status: 'converted', currentNodeId: 'renewed' });
    expect(berlin.path.at(-1)).toBe('renewed');
    expect(
      right.effects.some((effect) => effect.type === 'cancel-timer' && effect.customerId === 'berlin'),
    ).toBe(true);
    expect(right.nodes.renewed?.converted).toBe(1);

    sim.advanceTo(Date.UTC(2025, 2, 2));
    const later = sim.report();
    expect(messageNames(later, 'berlin')).toEqual(['Renewal in 30 days', 'Renewal in 7 days']);
    expect(messageNames(later, 'new-york')).toHaveLength(3);
  });
});
