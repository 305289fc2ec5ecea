import { DEFAULT_STAGES, JourneyDocumentSchema, parseJourney } from '@stagecraft/graph';
import { journeyTemplates } from '@stagecraft/journeys';
import { builtinRegistry } from '@stagecraft/nodes';
import { portsOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';

const context = (nodeId: string) => ({
  nodeId,
  timeZone: 'UTC',
  stageIds: DEFAULT_STAGES.map((stage) => stage.id),
});

describe('journey templates', () => {
  it('offers the seven lifecycle plays, each with a title and description', () => {
    expect(journeyTemplates.map((template) => template.id)).toEqual([
      'welcome-series',
      'post-purchase',
      'win-back',
      'renewal-reminders',
      'referral-ask',
      'support-survey',
      'ab-subject-test',
    ]);
    for (const template of journeyTemplates) {
      expect(template.title.length).toBeGreaterThan(0);
      expect(template.description.length).toBeGreaterThan(40);
    }
  });

  for (const { id, document } of journeyTemplates) {
    describe(id, () => {
      it('is a valid journey document on the default lifecycle stages', () => {
        const parsed = parseJourney(document);
        expect(parsed.issues).toEqual([]);
        expect(document.stages).toEqual(DEFAULT_STAGES);
        expect(JourneyDocumentSchema.parse(JSON.parse(JSON.stringify(document)))).toEqual(document);
      });

      it('configures every step cleanly and connects every output', () => {
        const problems: string[] = [];
        for (const node of document.nodes) {
          const nodeType = builtinRegistry.get(node.type, node.typeVersion);
          if (!nodeType) {
            problems.push(`${node.id}: unknown type ${node.type}`);
            continue;
          }
          const parsed = nodeType.configSchema.safeParse(node.config);
          if (!parsed.success) {
            problems.push(`${node.id}: ${parsed.error.message}`);
            continue;
          }
          for (const problem of nodeType.validate?.(parsed.data, context(node.id)) ?? []) {
            problems.push(`${node.id}.${problem.path}: ${problem.message}`);
          }
          for (const port of portsOf(nodeType, parsed.data)) {
            const edges = document.edges.filter(
              (edge) => edge.source === node.id && edge.sourcePort === port.id,
            );
            if (edges.length !== 1)
              problems.push(`${node.id}: port ${port.id} has ${edges.length} connections`);
          }
        }
        expect(problems).toEqual([]);
      });

      it('reads left to right on the canvas, with no two steps on top of each other', () => {
        const position = new Map(document.nodes.map((node) => [node.id, node.position]));
        for (const edge of document.edges) {
          expect(position.get(edge.target)!.x, `${edge.id} points backwards`).toBeGreaterThan(
            position.get(edge.source)!.x,
          );
        }
        const spots = document.nodes.map((node) => `${node.position.x},${node.position.y}`);
        expect(new Set(spots).size).toBe(spots.length);
      });
    });
  }
});
