import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumPath } from './chromium-path';
import type { Product } from './server';

/** Launches headless Chromium quietly: no sandbox (containers), no GPU, no background traffic. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The screen size the editor promises to be readable at. */
export const VIEWPORT = { width: 1280, height: 800 };

/** A fresh browser context (its own storage, so its own sign-in) on the product, at the promised size. */
export function newContext(browser: Browser, product: Product): Promise<BrowserContext> {
  return browser.newContext({ baseURL: product.url, viewport: VIEWPORT });
}

/**
 * A browser context signed in the way a person does it: the sign-in screen, the owner's email
 * and password, then the journeys list. Pages opened in the context share the sign-in.
 */
export async function signedInContext(browser: Browser, product: Product): Promise<BrowserContext> {
  const context = await newContext(browser, product);
  await signIn(await context.newPage(), product.owner);
  return context;
}

/** Signs in on the sign-in screen with email and password and waits for the journeys list. */
export async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
}
