import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  canvasAtRest,
  centerOf,
  connect,
  dragFromPalette,
  inputOf,
  outputOf,
  zoomAt,
} from './harness/gestures';
import { useE2e } from './harness/index';
import {
  createJourneyFromTemplate,
  nodeCard,
  openEditor,
  see,
  seeNo,
  waitUntilSaved,
} from './harness/screens';

/** The problems list entries that concern one step. */
const problemsOf = (page: Page, nodeId: string) =>
  page.locator(`[data-testid="problem-item"][data-node-id="${nodeId}"]`);

/** The live numbers on one step's card. */
const countsOn = (page: Page, nodeId: string) => page.getByTestId(`node-counts-${nodeId}`);

describe('building, publishing and watching a journey', () => {
  const e2e = useE2e();

  it('adds a wait to the welcome series, checks it as it is drawn, publishes it and shows live numbers', async () => {
    const page = await e2e.signedInPage();
    const journeyId = await createJourneyFromTemplate(page, 'welcome-series', 'Welcome with a pause');
    await see(page.getByTestId('problems-count'), 'No problems');

    // Zoom in on the branch where sign-ups without a project get their nudge.
    await page.getByTestId('fit-view').click();
    await canvasAtRest(page);
    await zoomAt(page, await centerOf(nodeCard(page, 'nudge-email')), 1);

    // Drop a Wait from the palette into the empty part of the Onboarding lane, under the tips email.
    await page.getByTestId('palette-search').fill('wait');
    const tips = await centerOf(nodeCard(page, 'tips-email'));
    const nudge = await centerOf(nodeCard(page, 'nudge-email'));
    await dragFromPalette(page, 'wait', { x: tips.x, y: nudge.y });
    const inspector = page.getByTestId('inspector');
    await inspector.waitFor();
    const waitId = await inspector.getAttribute('data-node-id');
    expect(waitId).toMatch(/^wait-/);
    const wait = nodeCard(page, waitId!);
    await see(wait, 'Wait 1 day');
    expect(await wait.getAttribute('data-stage')).toBe('onboarding');

    // Unconnected, the new step is flagged on the canvas and named in the problems list.
    await see(page.getByTestId('problems-count'), /^2 warnings$/);
    await page.getByTestId(`node-problems-${waitId}`).waitFor();
    await page.getByTestId('tab-problems').click();
    await see(problemsOf(page, waitId!), 'Wait');
    await see(problemsOf(page, waitId!), 'is not connected');

    // Send customers without a project through the wait before the nudge.
    await connect(page, outputOf(page, 'created-project', 'No'), inputOf(page, waitId!));
    await see(problemsOf(page, waitId!), 'is not connected');
    await seeNo(problemsOf(page, waitId!).filter({ hasText: 'can never be reached' }));

    // Configure it in the inspector: two days instead of one.
    await wait.click();
    await page.getByTestId('tab-step').click();
    await inspector.getByLabel(/^Amount/).fill('2');
    await see(wait, 'Wait 2 days');

    // Connecting its output clears the last problem: the mark and the list entry go away.
    await connect(page, outputOf(page, waitId!, 'Next'), inputOf(page, 'nudge-email'));
    await see(page.getByTestId('problems-count'), 'No problems');
    await seeNo(page.getByTestId(`node-problems-${waitId}`));
    await page.getByTestId('tab-problems').click();
    await seeNo(problemsOf(page, waitId!));
    await waitUntilSaved(page);

    // Undo with the keyboard takes the connection away again (the nudge is cut off too); redo restores it.
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('ControlOrMeta+z');
    await see(page.getByTestId('problems-count'), /^2 warnings$/);
    await page.getByTestId(`node-problems-${waitId}`).waitFor();
    await see(problemsOf(page, waitId!), 'is not connected');
    await waitUntilSaved(page);
    await page.keyboard.press('ControlOrMeta+Shift+z');
    await see(page.getByTestId('problems-count'), 'No problems');
    await seeNo(page.getByTestId(`node-problems-${waitId}`));

    // The draft is saved: after a reload the wait is still there, configured and connected.
    await waitUntilSaved(page);
    await page.reload();
    await openEditor(page, journeyId);
    await see(nodeCard(page, waitId!), 'Wait 2 days');
    await see(page.getByTestId('problems-count'), 'No problems');

    // Publish: the dialog lists the change, and the journey goes live as version 1.
    await page.getByTestId('publish-button').click();
    const dialog = page.getByTestId('publish-dialog');
    await see(dialog, 'This is the first version');
    await dialog.getByTestId('publish-confirm').click();
    await seeNo(dialog);
    await see(page.getByTestId('journey-status'), 'Live');
    await see(page.getByRole('status'), 'Version 1 of “Welcome with a pause” is live');

    // Customers sign up through the ingestion API; the canvas counts them on each step.
    await see(countsOn(page, 'signup').getByTestId('count-entered'), /^0 entered$/);
    for (const [id, name] of [
      ['ada', 'Ada'],
      ['grace', 'Grace'],
    ] as const) {
      await e2e.product.identify(id, { first_name: name, email: `${id}@example.com` });
      await e2e.product.track(id, 'user.signed_up', { plan: 'trial' });
    }
    await see(countsOn(page, 'signup').getByTestId('count-entered'), /^2 entered$/, 30_000);
    await see(countsOn(page, 'welcome-email').getByTestId('count-entered'), /^2 entered$/);
    await see(countsOn(page, 'wait-1-day').getByTestId('count-waiting'), /^2 waiting$/);
    await see(countsOn(page, waitId!).getByTestId('count-entered'), /^0 entered$/);
  });
});
