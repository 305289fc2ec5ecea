import { describe, expect, it } from 'vitest';
import {
  addCustomer,
  DAY,
  HOUR,
  messageNames,
  messagesOf,
  onlyRun,
  runsOf,
  START,
  simulate,
} from './simulate';

/** Ada creates a project on day 2; Bob never does; Cat created one before she signed up. */
function run() {
  const sim = simulate('welcome-series');
  for (const id of ['ada', 'bob', 'cat']) addCustomer(sim, id);
  sim.track('cat', 'project.created', { name: 'Imported before sign-up' });
  sim.advance(HOUR);
  sim.track('ada', 'user.signed_up', { plan: 'trial' });
  sim.track('bob', 'user.signed_up', { plan: 'trial' });
  sim.track('cat', 'user.signed_up', { plan: 'trial' });
  const signedUpAt = START + HOUR;
  sim.advance(2 * DAY);
  sim.track('ada', 'project.created', { name: 'Spring launch' });
  return { sim, signedUpAt };
}

describe('welcome series', () => {
  it('sends the welcome email at sign-up and the tips one day later', () => {
    const { sim, signedUpAt } = run();
    expect(messagesOf(sim.report(), 'bob')).toEqual([
      { nodeId: 'welcome-email', name: 'Welcome email', channel: 'email', at: signedUpAt },
      { nodeId: 'tips-email', name: 'Getting started tips', channel: 'email', at: signedUpAt + DAY },
    ]);
  });

  it('holds everyone in the three-day wait before checking for a project', () => {
    const { sim } = run();
    const report = sim.report();
    expect(report.nodes['wait-3-days']?.waiting).toBe(3);
    expect(report.nodes['created-project']?.entered ?? 0).toBe(0);
  });

  it('celebrates customers who created a project and nudges the rest, four days after sign-up', () => {
    const { sim, signedUpAt } = run();
    sim.advanceTo(signedUpAt + 4 * DAY);
    const report = sim.report();
    expect(messagesOf(report, 'ada').at(-1)).toEqual({
      nodeId: 'celebrate-email',
      name: 'First project celebration',
      channel: 'email',
      at: signedUpAt + 4 * DAY,
    });
    expect(messageNames(report, 'bob')).toEqual([
      'Welcome email',
      'Getting started tips',
      'Create a project nudge',
    ]);
    expect(report.nodes['celebrate-email']?.entered).toBe(1);
    expect(report.nodes['nudge-email']?.entered).toBe(2);
  });

  it('does not count a project created before the customer signed up', () => {
    const { sim, signedUpAt } = run();
    sim.advanceTo(signedUpAt + 4 * DAY);
    expect(messageNames(sim.report(), 'cat').at(-1)).toBe('Create a project nudge');
  });

  it('ends every run as completed along the expected path, moving activated customers to Engagement', () => {
    const { sim, signedUpAt } = run();
    sim.advanceTo(signedUpAt + 5 * DAY);
    const report = sim.report();
    const ada = onlyRun(report, 'ada');
    expect(ada.status).toBe('completed');
    expect(ada.path).toEqual([
      'signup',
      'welcome-email',
      'wait-1-day',
      'tips-email',
      'wait-3-days',
      'created-project',
      'celebrate-email',
      'done',
    ]);
    expect(onlyRun(report, 'bob').path.slice(-2)).toEqual(['nudge-email', 'done']);
    expect(report.customers.ada?.profile.stage).toBe('engagement');
    expect(report.customers.bob?.profile.stage).toBe('onboarding');
    expect(report.nodes.done?.completed).toBe(3);
  });

  it('welcomes a customer only once, even if they sign up again', () => {
    const { sim, signedUpAt } = run();
    sim.advanceTo(signedUpAt + 5 * DAY);
    sim.track('bob', 'user.signed_up', { plan: 'pro' });
    sim.advance(2 * DAY);
    const report = sim.report();
    expect(runsOf(report, 'bob')).toHaveLength(1);
    expect(messageNames(report, 'bob').filter((name) => name === 'Welcome email')).toHaveLength(1);
  });
});
