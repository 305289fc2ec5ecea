import { describe, it } from 'vitest';
import { useE2e } from './harness/index';
import { createJourneyFromTemplate, openEditor, see } from './harness/screens';

describe('testing a published journey with a test clock', () => {
  const e2e = useE2e();

  it('runs a customer on a clock through the live welcome series, a week in one click', async () => {
    const page = await e2e.signedInPage();
    const journeyId = await createJourneyFromTemplate(page, 'welcome-series', 'Welcome on a clock');
    await e2e.product.api(`/api/journeys/${journeyId}/publish`, { method: 'POST', body: {} });
    await openEditor(page, journeyId);
    await page.getByTestId('tab-test').click();
    await page.getByTestId('test-mode-clocks').click();
    const panel = page.getByTestId('test-clock-panel');

    await panel.getByLabel('Start time').fill('2031-05-04T09:00');
    await panel.getByTestId('clock-create').click();
    await see(panel.getByTestId('clock-now'), '2031');
    await panel.getByTestId('clock-customer-id').fill('qa-ada');
    await panel.getByRole('button', { name: 'Add customer' }).click();
    await see(panel.getByTestId('clock-customers'), 'qa-ada not in this journey');

    await panel.getByLabel('Event name').fill('user.signed_up');
    await panel.getByTestId('clock-send-event').click();
    await see(panel.getByTestId('clock-customers'), /qa-ada active at .* moves on/);

    await panel.getByRole('button', { name: '+1 week' }).click();
    await see(panel.getByTestId('clock-customers'), 'qa-ada completed');
    await see(panel.getByTestId('clock-now'), 'steps ran on the last move');

    await page.goto('/customers');
    await see(page.getByTestId('customer-row-qa-ada'), 'Test clock');
  });
});
