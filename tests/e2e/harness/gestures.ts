import type { Locator, Page } from 'playwright-core';

/** A point on the screen, in CSS pixels of the viewport. */
export interface Point {
  x: number;
  y: number;
}

/** The middle of an element as it is on screen now (after scrolling it into view). */
export async function centerOf(locator: Locator): Promise<Point> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not on the screen, so it cannot be pointed at.`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses the mouse at `from`, moves in small steps as a hand does, and lets go at `to`. */
export async function drag(page: Page, from: Point, to: Point, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  // A first short move crosses the browser's drag threshold before heading for the target.
  await page.mouse.move(from.x + 8, from.y + 4, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/** Drags a palette item (HTML drag and drop) and drops it at a point of the canvas. */
export async function dragFromPalette(page: Page, nodeType: string, to: Point): Promise<void> {
  await drag(page, await centerOf(page.getByTestId(`palette-item-${nodeType}`)), to);
}

/** Draws a connection with the mouse: from an output handle to the input handle of another step. */
export async function connect(page: Page, output: Locator, input: Locator): Promise<void> {
  await drag(page, await centerOf(output), await centerOf(input));
}

/** A step's input handle on the canvas. */
export function inputOf(page: Page, nodeId: string): Locator {
  return page.getByTestId(`node-${nodeId}`).locator('.react-flow__handle.target');
}

/** A step's labelled output handle on the canvas ("Next", "Yes", "No", ...). */
export function outputOf(page: Page, nodeId: string, label: string): Locator {
  return page.getByTestId(`node-${nodeId}`).getByLabel(`Output ${label}`, { exact: true });
}

/** Waits until the canvas has stopped moving (fit and zoom animations), as a person waits before aiming. */
export async function canvasAtRest(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const state = window as unknown as { __lastView?: string; __restFrames?: number };
      const view = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
      state.__restFrames = view && view === state.__lastView ? (state.__restFrames ?? 0) + 1 : 0;
      state.__lastView = view;
      return state.__restFrames >= 5;
    },
    undefined,
    { polling: 'raf' },
  );
}

/** Zooms the canvas with the mouse wheel around a point, as a person does to aim at small handles. */
export async function zoomAt(page: Page, at: Point, notches: number): Promise<void> {
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < notches; i++) await page.mouse.wheel(0, -200);
  await canvasAtRest(page);
}
