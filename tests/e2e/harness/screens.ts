import type { Locator, Page } from 'playwright-core';

/**
 * Waits until `locator` is on screen showing `text` (a case-sensitive part of its text, so "Saved"
 * does not match "Unsaved changes"): what a person looks for, with no fixed sleep.
 */
export async function see(locator: Locator, text: string | RegExp, timeout = 20_000): Promise<void> {
  const pattern = typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text;
  await locator.filter({ hasText: pattern }).first().waitFor({ state: 'visible', timeout });
}

/** Waits until nothing matching `locator` is on screen. */
export async function seeNo(locator: Locator, timeout = 20_000): Promise<void> {
  await locator.first().waitFor({ state: 'hidden', timeout });
}

/** Creates a journey the way a marketer does: New journey, a name, a template, Create; returns its id. */
export async function createJourneyFromTemplate(
  page: Page,
  templateId: string,
  name: string,
): Promise<string> {
  await page.goto('/journeys');
  await page.getByTestId('new-journey').click();
  const dialog = page.getByTestId('new-journey-dialog');
  await dialog.getByTestId(`template-${templateId}`).click();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByTestId('create-journey').click();
  const editor = page.getByTestId('editor');
  await editor.waitFor();
  await page.locator('.react-flow__node').first().waitFor();
  const id = await editor.getAttribute('data-journey-id');
  if (!id) throw new Error('The editor does not say which journey it shows (data-journey-id).');
  return id;
}

/** Opens a journey's editor by its URL and waits for its steps to be drawn. */
export async function openEditor(page: Page, journeyId: string): Promise<void> {
  await page.goto(`/journeys/${journeyId}`);
  await page.getByTestId('editor').waitFor();
  await page.locator('.react-flow__node').first().waitFor();
}

/** The card of one step on the canvas. */
export function nodeCard(page: Page, nodeId: string): Locator {
  return page.getByTestId(`node-${nodeId}`);
}

/** Waits for the save indicator to say the draft is safe on the server. */
export async function waitUntilSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="save-indicator"][data-state="saved"]').waitFor({ timeout: 20_000 });
}
