import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, type TestContext } from 'vitest';
import { launchChromium, newContext, signIn } from './browser';
import { type Product, type ProductOptions, startProduct } from './server';
import { ensureWebBuild, REPO_ROOT } from './web-build';

export { launchChromium, newContext, signedInContext, signIn, VIEWPORT } from './browser';
export { startProductWith } from './in-process';
export { ADMIN_TOKEN, OWNER, type Product, type ProductOptions, startProduct, WRITE_KEY } from './server';
export { ensureWebBuild, REPO_ROOT } from './web-build';

/** Where screenshots and logs of failed tests go (git-ignored). */
export const ARTIFACTS = join(REPO_ROOT, 'tests/e2e/artifacts');

const BUILT_PAGE = join(REPO_ROOT, 'apps/web/dist/index.html');

/** What a test file works with: the running product and a browser to drive it. */
export interface E2e {
  readonly product: Product;
  readonly browser: Browser;
  /** A new browser context, not signed in; closed after the test. */
  fresh(): Promise<BrowserContext>;
  /** A new browser context, already signed in as the owner (or `account`); closed after the test. */
  signedIn(account?: { email: string; password: string }): Promise<BrowserContext>;
  /** The page of a new signed-in context, showing the journeys list. */
  signedInPage(): Promise<Page>;
}

/**
 * Registers the hooks of one e2e file: build the editor if stale, start the server (the real
 * server process with `options.env`, or `options.start`'s) and Chromium before the tests; keep screenshots, browser
 * errors and the server log of a failed test; stop
 * everything after.
 */
export function useE2e(options: ProductOptions & { start?: () => Promise<Product> } = {}): E2e {
  let product: Product | undefined;
  let browser: Browser | undefined;
  let builtAt = 0;
  const contexts: BrowserContext[] = [];
  const browserLog: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    builtAt = statSync(BUILT_PAGE).mtimeMs;
    product = await (options.start ? options.start() : startProduct(options));
    browser = await launchChromium();
  });

  afterEach(async (context: TestContext) => {
    if (context.task.result?.state === 'fail' && product) {
      await keepEvidence(context, contexts, product, browserLog);
      // The server reads the build from disk: a rebuild during the run can take assets from under a page.
      if (statSync(BUILT_PAGE, { throwIfNoEntry: false })?.mtimeMs !== builtAt) {
        console.warn('apps/web/dist was rebuilt while this test ran; the page may have lost its assets.');
      }
    }
    browserLog.length = 0;
    await Promise.all(contexts.splice(0).map((open) => open.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  const e2e: E2e = {
    get product() {
      if (!product) throw new Error('The server is not running; useE2e() starts it in beforeAll.');
      return product;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not running; useE2e() launches it in beforeAll.');
      return browser;
    },
    async fresh() {
      const context = await newContext(e2e.browser, e2e.product);
      contexts.push(context);
      context.on('console', (message) => {
        if (message.type() === 'error') browserLog.push(`console: ${message.text()}`);
      });
      context.on('weberror', (error) => browserLog.push(`page error: ${error.error().stack}`));
      return context;
    },
    async signedIn(account = e2e.product.owner) {
      const context = await e2e.fresh();
      await signIn(await context.newPage(), account);
      return context;
    },
    async signedInPage() {
      const context = await e2e.signedIn();
      return context.pages()[0] ?? context.newPage();
    },
  };
  return e2e;
}

async function keepEvidence(test: TestContext, contexts: BrowserContext[], product: Product, log: string[]) {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = test.task.file?.name.replace(/^.*\//, '').replace(/\.test\.ts$/, '') ?? 'e2e';
  const name = `${file}--${test.task.name}`.replace(/[^a-z0-9-]+/gi, '-').slice(0, 120);
  const pages = contexts.flatMap((context) => context.pages());
  await Promise.all(
    pages.map((page, index) =>
      page
        .screenshot({ path: join(ARTIFACTS, `${name}-page${index + 1}.png`), fullPage: true })
        .catch(() => {}),
    ),
  );
  await writeFile(join(ARTIFACTS, `${name}-server.log`), product.log());
  await writeFile(join(ARTIFACTS, `${name}-browser.log`), log.join('\n'));
}
