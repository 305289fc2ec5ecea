import { describe, expect, it } from 'vitest';
import { useE2e } from './harness/index';
import { nodeCard, openEditor, see, waitUntilSaved } from './harness/screens';

describe('saving drafts', () => {
  const e2e = useE2e();

  it('keeps the first save and tells the second editor, who can reload the other version', async () => {
    const journey = await e2e.product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { templateId: 'welcome-series', name: 'Welcome series' },
    });
    const ann = await e2e.signedInPage();
    const bob = await e2e.signedInPage();
    await openEditor(ann, journey.id);
    await openEditor(bob, journey.id);

    // Ann renames the journey and her draft is saved.
    await ann.getByTestId('journey-name').fill('Welcome series (Ann)');
    await waitUntilSaved(ann);

    // Bob, still on the version he opened, makes the first wait two days: his save is refused.
    await nodeCard(bob, 'wait-1-day').click();
    await bob
      .getByTestId('inspector')
      .getByLabel(/^Amount/)
      .fill('2');
    await see(nodeCard(bob, 'wait-1-day'), 'Wait 2 days');
    const banner = bob.getByTestId('conflict-banner');
    await see(banner, 'Someone else saved this journey');
    await see(banner, 'Reload to continue from their version');
    await see(bob.getByTestId('save-indicator'), 'Edited elsewhere');

    // Ann's work was not overwritten, and she still sees it as saved.
    const saved = await e2e.product.api<{ document: { name: string } }>(`/api/journeys/${journey.id}`);
    expect(saved.document.name).toBe('Welcome series (Ann)');
    await see(ann.getByTestId('save-indicator'), 'Saved');

    // Bob reloads and continues from Ann's version.
    await banner.getByTestId('conflict-reload').click();
    await bob.getByTestId('conflict-banner').waitFor({ state: 'detached' });
    await see(nodeCard(bob, 'wait-1-day'), 'Wait 1 day');
    expect(await bob.getByTestId('journey-name').inputValue()).toBe('Welcome series (Ann)');
    await see(bob.getByTestId('save-indicator'), 'Saved');
  });

  it('says the draft is saved after an edit is undone and redone straight away', async () => {
    const journey = await e2e.product.api<{ id: string }>('/api/journeys', {
      method: 'POST',
      body: { templateId: 'welcome-series', name: 'Welcome series' },
    });
    const page = await e2e.signedInPage();
    await openEditor(page, journey.id);
    await page.getByTestId('journey-name').fill('Welcome series, second try');
    await waitUntilSaved(page);

    // Changing one's mind quickly: undo, then redo before the next save would start.
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('ControlOrMeta+z');
    expect(await page.getByTestId('journey-name').inputValue()).toBe('Welcome series');
    await page.keyboard.press('ControlOrMeta+Shift+z');
    expect(await page.getByTestId('journey-name').inputValue()).toBe('Welcome series, second try');

    // The server holds exactly what is on screen, so the indicator must not claim unsaved changes.
    await see(page.getByTestId('save-indicator'), 'Saved');
    await page.reload();
    await openEditor(page, journey.id);
    expect(await page.getByTestId('journey-name').inputValue()).toBe('Welcome series, second try');
  });
});
