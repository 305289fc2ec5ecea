import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';

describe('activity', () => {
  const e2e = useE2e();

  it('lists who published a journey, links to it, and names the publisher in its Versions tab', async () => {
    const journey = await e2e.product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { templateId: 'welcome-series', name: 'Audited welcome' },
    });
    await e2e.product.api(`/api/journeys/${journey.id}/publish`, { method: 'POST', body: {} });
    await e2e.product.api(`/api/journeys/${journey.id}/pause`, { method: 'POST', body: {} });

    const page = await e2e.signedInPage();
    await page.goto('/activity');
    const table = page.getByTestId('activity-table');
    await table.getByText('Paused a journey').waitFor();
    const rows = table.getByTestId('activity-entry');
    // Newest first: the owner's sign-in, then the pause the token made.
    const paused = rows.filter({ hasText: 'Paused a journey' });
    expect(await paused.count()).toBe(1);
    expect(await paused.first().textContent()).toContain('Token “From STAGECRAFT_ADMIN_TOKEN”');
    await page.getByLabel('Action').selectOption('journey.publish');
    await table.getByText('Published a journey').waitFor();
    await page.waitForFunction(
      () =>
        !document.querySelector('[data-testid="activity-table"]')?.textContent?.includes('Paused a journey'),
    );
    const published = rows.filter({ hasText: 'Published a journey' }).first();
    await published.getByText('Before and after').click();
    await published.getByText('"version": 1').waitFor();

    await published.getByRole('link', { name: `journey ${journey.id}` }).click();
    await page.waitForURL(`**/journeys/${journey.id}`);
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByTestId('version-1').getByText('by token “From STAGECRAFT_ADMIN_TOKEN”').waitFor();
  });
});
