import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';
import { createJourneyFromTemplate, nodeCard, see } from './harness/screens';

/** How the canvas marks each step for the simulated customer: 'visited', 'current' or ''. */
async function marks(page: Page, nodeIds: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    nodeIds.map(
      async (id) => [id, (await nodeCard(page, id).getAttribute('data-simulation')) ?? ''] as const,
    ),
  );
  return Object.fromEntries(entries);
}

/** How long the canvas may take to catch up with the panel. */
const WAIT = { timeout: 10_000 };

const STEPS = [
  'signup',
  'welcome-email',
  'wait-1-day',
  'tips-email',
  'wait-3-days',
  'created-project',
  'celebrate-email',
  'nudge-email',
  'done',
];

describe('testing a journey with the simulator', () => {
  const e2e = useE2e();

  it('lights the welcome series path of a customer who creates a project, with the emails listed', async () => {
    const page = await e2e.signedInPage();
    await createJourneyFromTemplate(page, 'welcome-series', 'Welcome series under test');
    await page.getByTestId('tab-test').click();
    const panel = page.getByTestId('simulation-panel');
    const effects = panel.getByTestId('sim-effects');

    // Ada signs up: she gets the welcome email and waits a day.
    await panel.getByTestId('sim-start').click();
    await see(panel.getByTestId('sim-path'), 'has not entered the journey');
    await panel.getByTestId('sim-event-name').fill('user.signed_up');
    await panel.getByTestId('sim-send-event').click();
    await see(effects, 'Email “Welcome to Stagecraft, Ada!” to ada@example.com');
    await see(nodeCard(page, 'wait-1-day').and(page.locator('[data-simulation="current"]')), 'Wait 1 day');
    await expect
      .poll(() => marks(page, STEPS), WAIT)
      .toEqual({
        signup: 'visited',
        'welcome-email': 'visited',
        'wait-1-day': 'current',
        'tips-email': '',
        'wait-3-days': '',
        'created-project': '',
        'celebrate-email': '',
        'nudge-email': '',
        done: '',
      });

    // A day later the tips arrive; she creates a project during the three-day wait.
    await panel.getByTestId('sim-advance-day').click();
    await see(effects, 'Email “Three tips for your first week”');
    await panel.getByTestId('sim-event-name').fill('project.created');
    await panel.getByTestId('sim-send-event').click();
    await see(panel.locator('.sim-log'), 'Event project.created');

    // Three days on, the check finds her project: she is celebrated, not nudged, and the run ends.
    await panel.getByTestId('sim-advance-amount').fill('3');
    await panel.getByTestId('sim-advance-unit').selectOption('days');
    await panel.getByTestId('sim-advance-custom').click();
    await see(effects, 'Email “Your first project is live 🎉”');
    await see(panel.locator('[data-testid="sim-path"][data-status="completed"]'), 'Created a project?');
    expect(await effects.textContent()).not.toContain('Your first project takes two minutes');
    await expect
      .poll(() => marks(page, STEPS), WAIT)
      .toEqual({
        signup: 'visited',
        'welcome-email': 'visited',
        'wait-1-day': 'visited',
        'tips-email': 'visited',
        'wait-3-days': 'visited',
        'created-project': 'visited',
        'celebrate-email': 'visited',
        'nudge-email': '',
        done: 'visited',
      });
    const yes = page.locator('.react-flow__edge[data-id="created-project--yes--celebrate-email"]');
    const no = page.locator('.react-flow__edge[data-id="created-project--no--nudge-email"]');
    await expect.poll(() => yes.getAttribute('class'), WAIT).toContain('edge-lit');
    await expect.poll(() => no.getAttribute('class'), WAIT).not.toContain('edge-lit');
  });
});
