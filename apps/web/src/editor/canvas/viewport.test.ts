import type { JourneyDocument } from '@stagecraft/graph';
import { journeyTemplates } from '@stagecraft/journeys';
import { describe, expect, it } from 'vitest';
import { computeLanes, NODE_WIDTH } from '../model/lanes';
import { initialViewport } from './viewport';

const heightOf = () => 110;
const pane = { width: 820, height: 690 };

function onScreen(doc: JourneyDocument, viewport: { x: number; y: number; zoom: number }) {
  return doc.nodes.filter((node) => {
    const left = node.position.x * viewport.zoom + viewport.x;
    const top = node.position.y * viewport.zoom + viewport.y;
    const right = left + NODE_WIDTH * viewport.zoom;
    const bottom = top + heightOf() * viewport.zoom;
    return left >= 0 && top >= 0 && right <= pane.width && bottom <= pane.height;
  });
}

describe('where the canvas opens', () => {
  for (const template of journeyTemplates) {
    it(`shows every step of ${template.id}`, () => {
      const doc = template.document;
      const viewport = initialViewport(doc, computeLanes(doc, heightOf), heightOf, pane);
      expect(viewport.zoom).toBeLessThanOrEqual(1);
      expect(onScreen(doc, viewport).map((node) => node.id)).toEqual(doc.nodes.map((node) => node.id));
    });
  }

  it('opens a journey too large to fit at its beginning, at a readable zoom', () => {
    const doc = {
      ...journeyTemplates[0]?.document,
      nodes: Array.from({ length: 300 }, (_, index) => ({
        id: `step-${index}`,
        type: 'wait',
        typeVersion: 1,
        config: {},
        position: { x: index * 280, y: 0 },
      })),
      edges: [],
    } as JourneyDocument;
    const viewport = initialViewport(doc, [], heightOf, pane);
    expect(viewport.zoom).toBe(0.6);
    expect(onScreen(doc, viewport)[0]?.id).toBe('step-0');
  });
});
