import { builtinNodeTypes } from '@stagecraft/nodes';
import { createRegistry } from '@stagecraft/sdk';
import { scoreLead } from 'lead-scoring';
import { describe, expect, it } from 'vitest';
import { startProductWith, useE2e } from './harness/index';
import { createJourneyFromTemplate, nodeCard, see, seeNo } from './harness/screens';

/**
 * The editor's bundle has no code for the lead scoring plugin: its palette entry, form, card
 * summary, ports and problems all come from the server that loaded it next to the built-ins.
 */
describe('a plugin step in the editor', () => {
  const e2e = useE2e({
    start: () => startProductWith({ registry: createRegistry([...builtinNodeTypes, scoreLead]) }),
  });

  it('is offered in the palette, configured in its own form, and summed up on its card by the server', async () => {
    const page = await e2e.signedInPage();
    await createJourneyFromTemplate(page, 'welcome-series', 'Score the sign-ups');

    await page.getByTestId('palette-search').fill('score');
    const item = page.getByTestId('palette-item-lead-scoring/score');
    await see(item, 'Score lead');
    await see(item, 'saves the score on the profile');
    await item.click();

    const inspector = page.getByTestId('inspector');
    await inspector.waitFor();
    const stepId = await inspector.getAttribute('data-node-id');
    expect(stepId).toBeTruthy();
    const card = nodeCard(page, stepId!);
    expect(await card.getAttribute('data-node-type')).toBe('lead-scoring/score');
    await see(card, 'Hot from 70, warm from 40 · 3 weights');
    for (const port of ['hot', 'warm', 'cold']) await card.locator(`[data-port="${port}"]`).waitFor();

    // The form is the plugin's config schema: thresholds, trait rules and event weights.
    await page.getByTestId('tab-step').click();
    await see(inspector, 'Points for traits');
    await see(inspector, 'Points for events');
    await inspector.getByLabel(/^Hot from/).fill('85');
    await see(card, 'Hot from 85, warm from 40 · 3 weights');

    // The plugin's own checks run on the server and come back to the step.
    await inspector.getByLabel(/^Warm from/).fill('90');
    await see(inspector, 'Set "Warm from" at or below "Hot from" (85).');
    await page.getByTestId(`node-problems-${stepId}`).waitFor();
    await inspector.getByLabel(/^Warm from/).fill('50');
    await seeNo(inspector.getByText('Set "Warm from" at or below'));
    await see(card, 'Hot from 85, warm from 50 · 3 weights');
  });
});
