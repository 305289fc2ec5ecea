import { describe, expect, it } from 'vitest';
import {
  addCustomer,
  DAY,
  messageNames,
  onlyRun,
  type Report,
  runsOf,
  type Simulation,
  simulate,
} from './simulate';

const CUSTOMERS = Array.from({ length: 1_000 }, (_, index) => `customer-${String(index).padStart(4, '0')}`);

function signUpAll(sim: Simulation, customers = CUSTOMERS) {
  for (const id of customers) {
    addCustomer(sim, id);
    sim.track(id, 'user.signed_up', { source: 'landing-page' });
  }
}

/** Which arm each customer was drawn into, read from the step after the split. */
function arms(report: Report, customers = CUSTOMERS): Record<string, string> {
  const arm: Record<string, string> = {};
  for (const id of customers) {
    const path = onlyRun(report, id).path;
    const next = path[path.indexOf('subject-split') + 1];
    arm[id] =
      next === 'email-a' ? 'a' : next === 'email-b' ? 'b' : next === 'conversion-window' ? 'holdout' : '?';
  }
  return arm;
}

function tally(assignment: Record<string, string>) {
  const counts = { a: 0, b: 0, holdout: 0, '?': 0 };
  for (const arm of Object.values(assignment)) counts[arm as keyof typeof counts] += 1;
  return counts;
}

describe('subject line A/B test', () => {
  it('splits 1,000 sign-ups roughly 45 / 45 / 10', () => {
    const sim = simulate('ab-subject-test');
    signUpAll(sim);
    const report = sim.report();
    const counts = tally(arms(report));
    expect(counts.a).toBeGreaterThanOrEqual(390);
    expect(counts.a).toBeLessThanOrEqual(510);
    expect(counts.b).toBeGreaterThanOrEqual(390);
    expect(counts.b).toBeLessThanOrEqual(510);
    expect(counts.holdout).toBeGreaterThanOrEqual(65);
    expect(counts.holdout).toBeLessThanOrEqual(135);
    expect(counts.a + counts.b + counts.holdout).toBe(1_000);
    expect(report.nodes['email-a']?.entered).toBe(counts.a);
    expect(report.nodes['conversion-window']?.waiting).toBe(1_000);
  });

  it('sends each arm its own subject line and the holdout nothing', () => {
    const sim = simulate('ab-subject-test');
    signUpAll(sim);
    const report = sim.report();
    const assignment = arms(report);
    const expected = { a: ['First order offer (A)'], b: ['First order offer (B)'], holdout: [] };
    for (const id of CUSTOMERS.slice(0, 200)) {
      expect(messageNames(report, id)).toEqual(expected[assignment[id] as keyof typeof expected]);
    }
  });

  it('gives a customer the same arm every time, and draws independently in another journey', () => {
    const first = simulate('ab-subject-test');
    signUpAll(first);
    const replay = simulate('ab-subject-test');
    signUpAll(replay, [...CUSTOMERS].reverse());
    expect(arms(replay.report())).toEqual(arms(first.report()));

    const copy = simulate('ab-subject-test', { journeyId: 'ab-subject-test-copy' });
    signUpAll(copy);
    const original = arms(first.report());
    const moved = Object.entries(arms(copy.report())).filter(([id, arm]) => original[id] !== arm);
    expect(moved.length).toBeGreaterThan(100);
  });

  it('counts orders within the 7-day window as conversions in every group, holdout included', () => {
    const sim = simulate('ab-subject-test');
    const customers = CUSTOMERS.slice(0, 100);
    signUpAll(sim, customers);
    const assignment = arms(sim.report(), customers);
    const buyer = (arm: string) => customers.find((id) => assignment[id] === arm)!;
    const buyers = [buyer('a'), buyer('b'), buyer('holdout')];
    sim.advance(3 * DAY);
    for (const id of buyers) sim.track(id, 'order.completed', { revenue: 80 });
    const report = sim.report();
    for (const id of buyers) {
      expect(onlyRun(report, id)).toMatchObject({ status: 'converted', currentNodeId: 'ordered' });
    }
    expect(report.nodes.ordered?.converted).toBe(3);
  });

  it('does not count an order after the window closes', () => {
    const sim = simulate('ab-subject-test');
    signUpAll(sim, ['late']);
    sim.advance(8 * DAY);
    sim.track('late', 'order.completed', { revenue: 80 });
    const report = sim.report();
    expect(onlyRun(report, 'late')).toMatchObject({ status: 'completed', currentNodeId: 'done' });
    expect(runsOf(report, 'late')).toHaveLength(1);
  });
});
