import { compileJourney } from '@stagecraft/compiler';
import { journeyTemplates } from '@stagecraft/journeys';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';

describe('golden journeys compile', () => {
  for (const { id, document } of journeyTemplates) {
    it(`${id} compiles with no errors or warnings, the same way every time`, () => {
      const first = compileJourney(document, builtinRegistry, { journeyId: id, version: 1 });
      expect(first.diagnostics).toEqual([]);
      expect(first.ok).toBe(true);
      const again = compileJourney(structuredClone(document), builtinRegistry, { journeyId: id, version: 1 });
      if (!first.ok || !again.ok) return;
      expect(again.journey.hash).toBe(first.journey.hash);
      expect(again.journey.definition).toEqual(first.journey.definition);
      expect(first.journey.triggers.map((trigger) => trigger.nodeId)).toEqual(
        document.nodes.filter((node) => node.type.endsWith('-trigger')).map((node) => node.id),
      );
    });
  }
});
