import type { JourneyDocument, JourneyNode } from '@stagecraft/graph';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../api/types';
import { learnSummaries, learnSummary } from './summaries';
import { createNodeBuilder, type FlowInput } from './to-flow';

/** A plugin node type this editor has no code for: all it knows comes from `GET /api/node-types`. */
const scoreLead: CatalogEntry = {
  type: 'acme/score-lead',
  version: 1,
  title: 'Score lead',
  description: 'Scores the lead with the Acme model.',
  category: 'action',
  icon: 'star',
  configSchema: { type: 'object', properties: { model: { type: 'string' } } },
  defaults: { model: 'default' },
  ports: null,
  initialPorts: [
    { id: 'hot', label: 'Hot' },
    { id: 'cold', label: 'Cold' },
  ],
  initialSummary: 'Score with default',
  hasInput: true,
};

const step = (id: string, config: Record<string, unknown>): JourneyNode => ({
  id,
  type: scoreLead.type,
  typeVersion: 1,
  position: { x: 0, y: 0 },
  config,
  stage: null,
});

const input = (nodes: JourneyNode[], ports: FlowInput['ports'] = {}): FlowInput => ({
  doc: { name: 'Leads', nodes, edges: [], stages: [] } as unknown as JourneyDocument,
  catalog: new Map([[scoreLead.type, scoreLead]]),
  ports,
  problems: new Map(),
  stats: null,
  experiments: new Map(),
  simulation: new Map(),
  selected: new Set(),
  measured: new Map(),
  readOnly: false,
});

describe('card summaries from the server', () => {
  it("shows a plugin step's summary from the catalog, then from each validate answer", () => {
    const build = createNodeBuilder();
    const added = step('score-1', structuredClone(scoreLead.defaults) as Record<string, unknown>);
    expect(build(input([added]))[0]?.data.summary).toBe(scoreLead.description);

    learnSummary(added, scoreLead.initialSummary);
    expect(build(input([added]))[0]?.data.summary).toBe('Score with default');

    const edited = { ...added, config: { model: 'enterprise' } };
    learnSummaries([added], { 'score-1': 'Score with default' });
    // While the new config is checked the card keeps its line rather than flashing the description.
    expect(build(input([edited]))[0]?.data.summary).toBe('Score with default');
    learnSummaries([edited], { 'score-1': 'Score with enterprise' });
    expect(build(input([edited]))[0]?.data.summary).toBe('Score with enterprise');
    // Undoing to the earlier config shows its line at once, without asking the server again.
    expect(build(input([added]))[0]?.data.summary).toBe('Score with default');
  });

  it('draws the ports the server gives for a step whose ports depend on its config', () => {
    const build = createNodeBuilder();
    const node = step('score-2', { model: 'default' });
    const ports = { 'score-2': [{ id: 'hot', label: 'Hot' }] };
    expect(build(input([node], ports))[0]?.data.ports).toEqual([{ id: 'hot', label: 'Hot' }]);
  });
});
