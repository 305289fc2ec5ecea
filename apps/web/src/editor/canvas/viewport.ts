import type { JourneyDocument } from '@stagecraft/graph';
import { type Lane, NODE_WIDTH } from '../model/lanes';

/**
 * Where the canvas opens: the whole journey when it fits at a readable zoom, else its beginning
 * (the triggers and the lane names) at that zoom, since journeys read from left to right.
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
  const zoom = Math.max(fit, 0.6);
  const x = fit >= 0.6 ? (pane.width - width * zoom) / 2 - minX * zoom : margin - minX * zoom;
  const fitsTall = height * zoom <= pane.height - 2 * margin;
  const y = fitsTall ? (pane.height - height * zoom) / 2 - minY * zoom : margin - minY * zoom;
  return { x, y, zoom };
}
