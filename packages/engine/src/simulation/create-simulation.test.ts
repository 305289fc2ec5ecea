import { chain, edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { compileForTest, DAY, HOUR, MONDAY } from '../test-support';
import { createSimulation } from './create-simulation';

const sms = (name: string) => ({ channel: 'sms', name, body: name });

/** Trial started -> tag -> CRM lookup -> wait 1 day -> upsell, or a fallback when the lookup fails; paying converts. */
const journey = compileForTest(
  journeyDoc(
    [
      node('trial', 'event-trigger', { event: 'trial.started' }),
      node('manual', 'api-trigger'),
      node('mark', 'tag', { op: 'add', tag: 'trialist' }),
      node('lookup', 'http-request', { method: 'POST', url: 'https://crm.example.com/leads' }),
      node('pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }),
      node('upsell', 'send-message', sms('Upsell')),
      node('sorry', 'send-message', sms('Sorry')),
      node('paid', 'goal', { event: 'subscription.paid' }),
    ],
    [
      ...chain('trial', 'mark', 'lookup'),
      edge('manual', 'mark'),
      edge('lookup', 'pause', 'success'),
      edge('lookup', 'sorry', 'failure'),
      edge('pause', 'upsell'),
    ],
    { settings: { exitEvents: [{ event: 'account.closed' }] } },
  ),
  builtinRegistry,
);

describe('createSimulation', () => {
  it('runs customers through the journey on a virtual clock and counts them per node', () => {
    const sim = createSimulation(journey, { start: MONDAY });
    for (const id of ['ann', 'ben', 'cid', 'dee']) sim.identify(id, { phone: `+1-${id}` });
    for (const id of ['ann', 'ben', 'cid']) sim.track(id, 'trial.started');
    sim.advance(HOUR);
    sim.track('ben', 'subscription.paid');
    sim.track('cid', 'account.closed');
    let report = sim.report();
    expect(report.now).toBe(MONDAY + HOUR);
    expect(report.nodes.pause).toEqual({
      entered: 3,
      waiting: 1,
      left: 1,
      completed: 0,
      converted: 0,
      exited: 1,
    });
    expect(report.nodes.paid).toMatchObject({ entered: 1, converted: 1 });
    sim.advance(DAY);
    report = sim.report();
    expect(report.nodes.upsell).toMatchObject({ entered: 1, completed: 1, waiting: 0 });
    expect(report.customers.ann?.runs).toEqual([
      {
        runId: 'ann:run-1',
        status: 'completed',
        path: ['trial', 'mark', 'lookup', 'pause', 'upsell'],
        currentNodeId: 'upsell',
        exitReason: 'completed at upsell',
      },
    ]);
    expect(report.customers.dee?.runs).toEqual([]);
  });

  it('applies profile effects to the simulated profiles', () => {
    const sim = createSimulation(journey, { start: MONDAY });
    sim.track('eve', 'trial.started');
    expect(sim.report().customers.eve?.profile.tags).toEqual(['trialist']);
  });

  it('answers HTTP effects through respond, so failures take the failure port', () => {
    const calls: string[] = [];
    const sim = createSimulation(journey, {
      start: MONDAY,
      respond: (effect) => {
        calls.push(effect.type === 'http' ? effect.url : effect.type);
        return { ok: false, error: 'CRM down' };
      },
    });
    sim.enter('fay');
    const report = sim.report();
    expect(calls).toEqual(['https://crm.example.com/leads']);
    expect(report.customers.fay?.runs[0]).toMatchObject({ status: 'completed', currentNodeId: 'sorry' });
    expect(
      report.effects.filter((effect) => effect.type === 'send').map((effect) => effect.customerId),
    ).toEqual(['fay']);
  });

  it('fires date triggers when their time comes, in the customer zone', () => {
    const renewal = compileForTest(
      journeyDoc(
        [
          node('soon', 'date-trigger', {
            field: 'renewal_date',
            offset: { amount: 7, unit: 'days', direction: 'before' },
            at: { hour: 9, minute: 0 },
          }),
          node('remind', 'send-message', sms('Renew soon')),
        ],
        chain('soon', 'remind'),
      ),
      builtinRegistry,
    );
    const sim = createSimulation(renewal, { start: MONDAY });
    sim.identify('gil', { renewal_date: '2025-01-20', phone: '+1' }, { timeZone: 'America/Los_Angeles' });
    sim.identify('hal', { phone: '+2' }, { timeZone: 'Not/AZone' });
    sim.advanceTo(Date.UTC(2025, 0, 13, 16, 59));
    expect(sim.report().effects.some((effect) => effect.type === 'send')).toBe(false);
    sim.advance(60_000);
    const report = sim.report();
    expect(
      report.effects.filter((effect) => effect.type === 'send').map((effect) => effect.customerId),
    ).toEqual(['gil']);
    expect(report.customers.hal?.profile.timeZone).toBeNull();
  });

  it('lets a run started by a batched event see the next event of the batch, whatever the stamps', () => {
    const survey = compileForTest(
      journeyDoc(
        [
          node('started', 'event-trigger', { event: 'checkout.started' }),
          node('paid', 'wait-for-event', { event: 'payment.added', timeout: { amount: 1, unit: 'days' } }),
          node('thanks', 'send-message', sms('Thanks')),
          node('nudge', 'send-message', sms('Nudge')),
        ],
        [edge('started', 'paid'), edge('paid', 'thanks', 'matched'), edge('paid', 'nudge', 'timeout')],
      ),
      builtinRegistry,
    );
    const sim = createSimulation(survey, { start: MONDAY });
    sim.batch('ivy', [
      { name: 'checkout.started', at: MONDAY - 5_000 },
      { name: 'payment.added', at: MONDAY - 3_000 },
    ]);
    sim.batch('jon', [{ name: 'payment.added', at: MONDAY - 5_000 }, { name: 'checkout.started' }]);
    sim.advance(DAY);
    const { customers } = sim.report();
    expect(customers.ivy?.runs[0]?.path).toEqual(['started', 'paid', 'thanks']);
    // An event that arrived before the run started never counts, even with a later stamp.
    expect(customers.jon?.runs[0]?.path).toEqual(['started', 'paid', 'nudge']);
  });

  it('counts without keeping effects when asked for a summary', () => {
    const sim = createSimulation(journey, { start: MONDAY, keepEffects: false });
    for (const id of ['ann', 'ben']) sim.track(id, 'trial.started');
    sim.track('ben', 'account.closed');
    sim.advance(2 * DAY);
    expect(sim.report().effects).toEqual([]);
    expect(sim.summary()).toMatchObject({
      customers: 2,
      runs: { completed: 1, exited: 1, active: 0 },
      effects: { send: 1, http: 2, tag: 2 },
    });
    expect(sim.summary().nodes.upsell).toMatchObject({ entered: 1, completed: 1 });
    expect(sim.summary().nodes.pause).toMatchObject({ entered: 2, exited: 1, left: 1 });
  });

  it('moves a pending wait on a profile date when the date changes, and wakes at once when it passed', () => {
    const renewal = compileForTest(
      journeyDoc(
        [
          node('start', 'api-trigger'),
          node('week', 'wait', {
            mode: 'profile-date',
            field: 'renewal_date',
            offset: { amount: 7, unit: 'days', direction: 'before' },
            at: { hour: 9, minute: 0 },
          }),
          node('remind', 'send-message', sms('Renews in 7 days')),
        ],
        chain('start', 'week', 'remind'),
      ),
      builtinRegistry,
    );
    const sim = createSimulation(renewal, { start: Date.UTC(2030, 0, 1) });
    for (const id of ['kim', 'lou']) {
      sim.identify(id, { renewal_date: '2030-02-10' });
      sim.enter(id);
    }
    sim.advance(10 * DAY);
    sim.identify('kim', { renewal_date: '2030-03-10' });
    sim.identify('lou', { renewal_date: '2030-01-12' });
    // Moved into the past: at once, on the identify.
    expect(sim.report().customers.lou?.runs[0]?.status).toBe('completed');
    sim.advanceTo(Date.UTC(2030, 1, 4));
    expect(sim.report().customers.kim?.runs[0]).toMatchObject({ status: 'active', currentNodeId: 'week' });
    sim.advanceTo(Date.UTC(2030, 2, 3, 9));
    const sent = sim
      .report()
      .effects.filter((e) => e.type === 'step' && e.nodeId === 'remind' && e.kind === 'entered');
    expect(sent.map((e) => [e.customerId, (e as { at: number }).at])).toEqual([
      ['lou', Date.UTC(2030, 0, 11)],
      ['kim', Date.UTC(2030, 2, 3, 9)],
    ]);
  });
});
