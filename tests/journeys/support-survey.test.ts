import { describe, expect, it } from 'vitest';
import {
  addCustomer,
  DAY,
  HOUR,
  MINUTE,
  messageNames,
  messagesOf,
  onlyRun,
  START,
  simulate,
} from './simulate';

function run() {
  const sim = simulate('support-survey');
  for (const id of ['answers', 'silent', 'answered-before']) addCustomer(sim, id);
  // A survey answered for an earlier ticket must not count for this one.
  sim.track('answered-before', 'survey.completed', { ticket_id: 'T-0', rating: 5 });
  sim.advance(MINUTE);
  for (const id of ['answers', 'silent', 'answered-before']) {
    sim.track(id, 'ticket.closed', { ticket_id: `T-${id}`, subject: 'Cannot export CSV' });
  }
  return { sim, closedAt: START + MINUTE };
}

describe('support satisfaction survey', () => {
  it('sends the survey an hour after the ticket is closed', () => {
    const { sim, closedAt } = run();
    sim.advance(HOUR);
    const report = sim.report();
    expect(messagesOf(report, 'answers')).toEqual([
      { nodeId: 'survey-email', name: 'Support survey', channel: 'email', at: closedAt + HOUR },
    ]);
    expect(report.nodes['await-survey']?.waiting).toBe(3);
  });

  it('stops at once when the customer answers, with no reminder', () => {
    const { sim } = run();
    sim.advance(5 * HOUR);
    sim.track('answers', 'survey.completed', { ticket_id: 'T-answers', rating: 4 });
    expect(onlyRun(sim.report(), 'answers')).toMatchObject({
      status: 'completed',
      currentNodeId: 'answered',
    });
    sim.advance(4 * DAY);
    expect(messageNames(sim.report(), 'answers')).toEqual(['Support survey']);
  });

  it('reminds customers who have not answered three days after the survey', () => {
    const { sim, closedAt } = run();
    sim.advance(4 * DAY);
    const report = sim.report();
    expect(messagesOf(report, 'silent')).toEqual([
      { nodeId: 'survey-email', name: 'Support survey', channel: 'email', at: closedAt + HOUR },
      {
        nodeId: 'reminder-email',
        name: 'Support survey reminder',
        channel: 'email',
        at: closedAt + HOUR + 3 * DAY,
      },
    ]);
    expect(onlyRun(report, 'silent').path.slice(-3)).toEqual(['await-survey', 'reminder-email', 'done']);
  });

  it('does not count a survey answered before this ticket was closed', () => {
    const { sim } = run();
    sim.advance(4 * DAY);
    expect(messageNames(sim.report(), 'answered-before')).toEqual([
      'Support survey',
      'Support survey reminder',
    ]);
  });
});
