import { describe, expect, it } from 'vitest';
import { addCustomer, DAY, messageNames, messagesOf, onlyRun, runsOf, START, simulate } from './simulate';

function run(scores: Record<string, number | null>) {
  const sim = simulate('referral-ask');
  for (const [id, score] of Object.entries(scores)) {
    addCustomer(sim, id);
    sim.track(id, 'nps.submitted', score === null ? { comment: 'no score' } : { score });
  }
  return sim;
}

describe('referral ask after a great NPS', () => {
  it('asks promoters for a referral right after they answer', () => {
    const sim = run({ promoter: 10, nine: 9 });
    const report = sim.report();
    expect(messagesOf(report, 'promoter')).toEqual([
      { nodeId: 'referral-email', name: 'Referral ask', channel: 'email', at: START },
    ]);
    expect(messageNames(report, 'nine')).toEqual(['Referral ask']);
    expect(onlyRun(report, 'promoter')).toMatchObject({
      status: 'completed',
      path: ['nps-submitted', 'is-promoter', 'referral-email', 'referral-done'],
    });
    expect(report.customers.promoter?.profile.stage).toBe('advocacy');
  });

  it('sends nothing to passives, detractors or answers without a score, and leaves their stage alone', () => {
    const sim = run({ passive: 8, detractor: 2, blank: null });
    const report = sim.report();
    for (const id of ['passive', 'detractor', 'blank']) {
      expect(messageNames(report, id)).toEqual([]);
      expect(onlyRun(report, id)).toMatchObject({ status: 'completed', currentNodeId: 'not-a-promoter' });
      expect(report.customers[id]?.profile.stage ?? null).toBeNull();
    }
    expect(report.nodes['is-promoter']?.entered).toBe(3);
    expect(report.nodes['not-a-promoter']?.completed).toBe(3);
  });

  it('asks a customer who scores 9 or 10 on a later survey', () => {
    const sim = run({ convert: 6 });
    sim.advance(90 * DAY);
    sim.track('convert', 'nps.submitted', { score: 10 });
    const report = sim.report();
    expect(runsOf(report, 'convert')).toHaveLength(2);
    expect(messagesOf(report, 'convert')).toEqual([
      { nodeId: 'referral-email', name: 'Referral ask', channel: 'email', at: START + 90 * DAY },
    ]);
  });
});
