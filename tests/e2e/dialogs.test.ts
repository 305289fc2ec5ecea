import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';
import { seeNo } from './harness/screens';

describe('dialogs', () => {
  const e2e = useE2e();

  it('keep focus inside, close on Escape and give focus back', async () => {
    const page = await e2e.signedInPage();
    await page.goto('/journeys');
    const opener = page.getByTestId('new-journey');
    await opener.click();
    const dialog = page.getByTestId('new-journey-dialog');
    await dialog.waitFor();

    // Tabbing past the last control wraps inside the dialog, never onto the page behind it.
    for (let press = 0; press < 25; press++) {
      await page.keyboard.press('Tab');
      const inside = await dialog.evaluate((element) => element.contains(document.activeElement));
      expect(inside, `focus left the dialog after ${press + 1} Tab presses`).toBe(true);
    }
    // Shown with showModal, so the page behind is inert.
    expect(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal'))).toBe(true);

    await page.keyboard.press('Escape');
    await seeNo(dialog);
    expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('open the keyboard shortcuts as a dialog that Escape closes', async () => {
    const journey = await e2e.product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { templateId: 'welcome-series', name: 'Welcome series' },
    });
    const page = await e2e.signedInPage();
    await page.goto(`/journeys/${journey.id}`);
    await page.getByTestId('shortcuts-button').click();
    const help = page.getByTestId('shortcuts-help');
    await help.getByText('Undo').waitFor();
    await page.keyboard.press('Escape');
    await seeNo(help);
  });
});
