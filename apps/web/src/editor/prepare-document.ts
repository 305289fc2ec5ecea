import type { JourneyDocument, JourneyNode } from '@stagecraft/graph';
import type { CatalogEntry } from '../api/types';

const LAYOUT_ON_OPEN_LIMIT = 250;

import { moveNodes } from './model/doc-ops';
import { NODE_WIDTH, needsLaneLayout } from './model/lanes';
import { layoutJourney } from './model/layout';
import { estimateHeight } from './useMeasured';

/**
 * Gets a loaded document ready for the canvas: when its positions ignore the lifecycle lanes
 * (a template drawn as one row), it is laid out once so every step sits in its stage's lane.
 * The result is only saved when the person edits the journey.
 */
export async function prepareDocument(
  doc: JourneyDocument,
  catalog: readonly CatalogEntry[],
): Promise<JourneyDocument> {
  const byType = new Map(catalog.map((entry) => [entry.type, entry]));
  const portsOf = (node: JourneyNode) => {
    const fixed = byType.get(node.type)?.ports;
    if (fixed) return fixed.map((port) => port.id);
    return [...new Set(doc.edges.filter((edge) => edge.source === node.id).map((edge) => edge.sourcePort))];
  };
  const heightOf = (node: JourneyNode) => estimateHeight(portsOf(node).length);
  // Laying out a very large journey would delay opening it; its saved positions are used as they are.
  if (doc.nodes.length > LAYOUT_ON_OPEN_LIMIT || !needsLaneLayout(doc, heightOf)) return doc;
  try {
    const positions = await layoutJourney(doc, {
      size: (node) => ({ width: NODE_WIDTH, height: heightOf(node) }),
      ports: portsOf,
    });
    return moveNodes(doc, positions);
  } catch {
    return doc;
  }
}
