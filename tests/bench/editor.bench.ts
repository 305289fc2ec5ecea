/**
 * Editor benchmarks in headless Chromium against the real server, one JSON line per figure, each
 * with a baseline measured in the same run:
 * - editor-open-1000-nodes: from navigation to every step drawn and the editor answering a click,
 *   on a generated 1,000-step journey, against the same page with an empty journey (target: < 2 s);
 * - editor-drag-frame-ms: median time between animation frames while a step is dragged with the
 *   mouse on that journey, against the same drag on a one-step journey (target: < 20 ms).
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext, signIn } from '../e2e/harness/browser';
import { canvasAtRest, centerOf } from '../e2e/harness/gestures';
import { createLargeJourney } from '../e2e/harness/large-journey';
import { type Product, startProduct } from '../e2e/harness/server';
import { ensureWebBuild } from '../e2e/harness/web-build';

const SIZE = 1_000;
const OPEN_RUNS = 5;
const DRAG_RUNS = 3;
const DRAG_STEPS = 120;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;
const round = (value: number) => Math.round(value * 100) / 100;

function emit(bench: string, value: number, unit: string, baseline: number, extra: Record<string, unknown>) {
  const line = {
    bench,
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: round(value / baseline),
  };
  console.log(JSON.stringify({ ...line, ...extra }));
}

/**
 * Milliseconds from navigation until the steps in view are drawn (React Flow keeps a step hidden
 * until it is measured) and the editor answers a click on one of its tabs.
 */
async function openOnce(browser: Browser, product: Product, journeyId: string, hasSteps: boolean) {
  const context = await newContext(browser, product);
  const page = await context.newPage();
  await signIn(page, product.owner);
  await page.goto(`/journeys/${journeyId}`, { waitUntil: 'commit' });
  await page.waitForFunction(
    (steps) => {
      if (!document.querySelector('.react-flow__viewport')) return false;
      const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
      return !steps || (nodes.length > 0 && nodes.every((node) => node.style.visibility !== 'hidden'));
    },
    hasSteps,
    { polling: 'raf', timeout: 60_000 },
  );
  await page.getByTestId('tab-journey').click();
  await page.getByTestId('journey-settings').waitFor();
  const elapsed = await page.evaluate(() => performance.now());
  const drawn = await page.locator('.react-flow__node').count();
  await context.close();
  return { elapsed, drawn };
}

/**
 * Starts recording the time between animation frames. A string, not a function: tsx would wrap a
 * named inner function in a helper the page does not have.
 */
const RECORD_FRAMES = `(() => {
  window.deltas = [];
  window.recording = true;
  let last;
  const tick = (time) => {
    if (last !== undefined) window.deltas.push(time - last);
    last = time;
    if (window.recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/**
 * Frame-to-frame times while a step is dragged sideways across the canvas in small mouse moves
 * (sideways, so it stays in its lifecycle lane and in view).
 */
async function dragOnce(page: Page, nodeId: string, dx: number): Promise<number[]> {
  const from = await centerOf(page.locator(`.react-flow__node[data-id="${nodeId}"]`));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + Math.sign(dx) * 6, from.y);
  await page.evaluate(RECORD_FRAMES);
  await page.mouse.move(from.x + dx, from.y, { steps: DRAG_STEPS });
  const deltas = await page.evaluate(() => {
    const state = window as unknown as { deltas: number[]; recording: boolean };
    state.recording = false;
    return state.deltas;
  });
  await page.mouse.up();
  // A drag that moved nothing would time idle frames: make sure the step followed the mouse.
  const to = await centerOf(page.locator(`.react-flow__node[data-id="${nodeId}"]`));
  if (Math.abs(to.x - from.x - dx) > 40) {
    throw new Error(
      `Step ${nodeId} did not follow the mouse: moved ${Math.round(to.x - from.x)} px of ${dx}.`,
    );
  }
  return deltas;
}

/** The step drawn nearest the middle of the canvas, so the drag happens where people look. */
function middleStep(page: Page): Promise<string> {
  return page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best = { id: '', distance: Number.POSITIVE_INFINITY };
    for (const node of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const box = node.getBoundingClientRect();
      const distance = Math.hypot(box.left + box.width / 2 - cx, box.top + box.height / 2 - cy);
      if (distance < best.distance) best = { id: node.dataset.id ?? '', distance };
    }
    return best.id;
  });
}

/** Drags a step near the middle of the canvas, as opened or with the whole journey fitted in view. */
async function dragFrames(browser: Browser, product: Product, journeyId: string, wholeJourney = false) {
  const context = await newContext(browser, product);
  const page = await context.newPage();
  await signIn(page, product.owner);
  await page.goto(`/journeys/${journeyId}`);
  await page.locator('.react-flow__node').first().waitFor();
  if (wholeJourney) {
    await page.getByTestId('fit-view').click();
    await canvasAtRest(page);
  }
  const nodeId = await middleStep(page);
  const drawn = await page.locator('.react-flow__node').count();
  const deltas: number[] = [];
  // Back and forth, so every run starts where the step was drawn at first.
  for (let run = 0; run < DRAG_RUNS; run++)
    deltas.push(...(await dragOnce(page, nodeId, run % 2 ? -200 : 200)));
  await context.close();
  return { deltas, drawn };
}

async function main() {
  await ensureWebBuild();
  const product = await startProduct();
  const browser = await launchChromium();
  try {
    const large = await createLargeJourney(product, SIZE, `Generated journey of ${SIZE} steps`);
    const empty = (
      await product.api<{ id: string }>('/api/journeys', { method: 'POST', body: { name: 'Empty' } })
    ).id;
    const single = await createLargeJourney(product, 1, 'One step');

    // A first round warms the browser cache and the server; then the two pages take turns.
    await openOnce(browser, product, empty, false);
    await openOnce(browser, product, large, true);
    const opens: { elapsed: number; drawn: number }[] = [];
    const baselines: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      baselines.push((await openOnce(browser, product, empty, false)).elapsed);
      opens.push(await openOnce(browser, product, large, true));
    }
    const openMs = median(opens.map((open) => open.elapsed));
    emit('editor-open-1000-nodes', openMs, 'ms', median(baselines), {
      target: 2000,
      withinTarget: openMs < 2000,
      runs: opens.map((open) => Math.round(open.elapsed)),
      stepsDrawn: median(opens.map((open) => open.drawn)),
    });

    const opened = await dragFrames(browser, product, large);
    const alone = await dragFrames(browser, product, single);
    // The hardest case too: zoomed out until all 1,000 steps are drawn, none culled.
    const whole = await dragFrames(browser, product, large, true);
    const frameMs = median(opened.deltas);
    emit('editor-drag-frame-ms', frameMs, 'ms', median(alone.deltas), {
      target: 20,
      withinTarget: frameMs < 20,
      p95: round(percentile(opened.deltas, 0.95)),
      baselineP95: round(percentile(alone.deltas, 0.95)),
      frames: opened.deltas.length,
      stepsDrawn: opened.drawn,
      wholeJourneyInView: {
        median: round(median(whole.deltas)),
        p95: round(percentile(whole.deltas, 0.95)),
        stepsDrawn: whole.drawn,
      },
    });
  } finally {
    await browser.close();
    await product.stop();
  }
}

await main();
