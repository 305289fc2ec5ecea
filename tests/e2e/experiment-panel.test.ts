import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';
import { nodeCard, openEditor, see } from './harness/screens';

describe('an A/B split on a published journey', () => {
  const e2e = useE2e();

  it('shows each arm on the card, the full results in its panel, and stops the experiment', async () => {
    const { product } = e2e;
    const journey = await product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { templateId: 'ab-subject-test', name: 'Subject test in the browser' },
    });
    await product.api(`/api/journeys/${journey.id}/publish`, { method: 'POST', body: {} });
    for (let i = 0; i < 24; i++) {
      const id = `browser-${i}`;
      await product.identify(id, { email: `${id}@example.com` });
      await product.track(id, 'user.signed_up');
      if (i % 3 === 0) await product.track(id, 'order.completed', { total: 25 });
    }
    const results = async () =>
      (
        await product.api<{ experiments: { arms: { entered: number }[]; verdict: string }[] }>(
          `/api/journeys/${journey.id}/experiments`,
        )
      ).experiments[0]!;
    // Events are applied in the background; wait until every customer has been assigned.
    for (let tries = 0; (await results()).arms.reduce((sum, arm) => sum + arm.entered, 0) < 24; tries++) {
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { verdict } = await results();

    const page = await e2e.signedInPage();
    await openEditor(page, journey.id);
    const card = nodeCard(page, 'subject-split');
    const rates = card.getByTestId('arm-rates');
    await see(rates, /Subject A\s*\d+\.\d%/);
    expect(await rates.locator('li').count()).toBe(3);

    await card.click();
    await page.getByTestId('tab-step').click();
    const panel = page.getByTestId('experiment-panel');
    await see(panel.getByTestId('experiment-verdict'), verdict);
    await page.getByTestId('results-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await see(panel.getByTestId('experiment-arms'), 'Holdout');
    await see(panel.getByTestId('experiment-comparisons'), 'Subject B vs Subject A');
    await see(panel.getByTestId('sample-progress'), /smallest arm \d+ of [\d,]+ planned/);
    await see(page.getByTestId('planned-sample'), /Planned sample: [\d,]+ customers per arm/);
    await see(
      page.getByTestId('split-shares'),
      'Of everyone entering: Subject A 45% · Subject B 45% · Holdout 10%',
    );

    await panel.getByRole('button', { name: 'Stop experiment' }).click();
    await see(panel.getByTestId('experiment-decision'), /^Stopped on .* by session:/);
    expect(await panel.getByRole('button', { name: 'Stop experiment' }).count()).toBe(0);

    await page.goto('/experiments');
    const row = page
      .getByTestId('experiments-table')
      .locator('tr', { hasText: 'Subject test in the browser' });
    await see(row, 'stopped');
    await see(row, verdict);
  });
});
