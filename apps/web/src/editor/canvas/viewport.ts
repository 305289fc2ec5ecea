import type { JourneyDocument } from '@stagecraft/graph';
import { type Lane, NODE_WIDTH } from '../model/lanes';

/** Below this zoom a fitted journey is dots, so a larger one opens at its beginning instead. */
const SMALLEST_FITTED_ZOOM = 0.2;
/** The zoom a journey too large to fit opens at: cards readable, the beginning in view. */
const READABLE_ZOOM = 0.6;

/**
 * Where the canvas opens: fitted to the whole journey (cards and lane names), no larger than
 * 100%; a journey too large to fit at `SMALLEST_FITTED_ZOOM` opens at its beginning (the
 * triggers and the lane names) at a readable zoom, since journeys read from left to right.
 * Computed from the document rather than by React Flow's `fitView`, so the first frame is
 * already the fitted one and no card has to be measured first.
 */
export function initialViewport(
  doc: JourneyDocument,
  lanes: readonly Lane[],
  heightOf: (node: JourneyDocument['nodes'][number]) => number,
  pane: { width: number; height: number },
): { x: number; y: number; zoom: number } {
  const margin = 40;
  if (doc.nodes.length === 0) return { x: margin + (lanes.length ? 260 : 0), y: margin, zoom: 1 };
  const labels = lanes.length ? 240 : 0;
  let minX = Number.POSITIVE_INFINITY;
  let minY = lanes.length ? 0 : Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const node of doc.nodes) {
    minX = Math.min(minX, node.position.x - labels);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + NODE_WIDTH);
    maxY = Math.max(maxY, node.position.y + heightOf(node));
  }
  for (const lane of lanes) maxY = Math.max(maxY, lane.top + lane.height);
  const width = maxX - minX;
  const height = maxY - minY;
  const fit = Math.min((pane.width - 2 * margin) / width, (pane.height - 2 * margin) / height, 1);
  const fits = fit >= SMALLEST_FITTED_ZOOM;
  const zoom = fits ? fit : READABLE_ZOOM;
  const x = fits ? (pane.width - width * zoom) / 2 - minX * zoom : margin - minX * zoom;
  const fitsTall = height * zoom <= pane.height - 2 * margin;
  const y = fitsTall ? (pane.height - height * zoom) / 2 - minY * zoom : margin - minY * zoom;
  return { x, y, zoom };
}
