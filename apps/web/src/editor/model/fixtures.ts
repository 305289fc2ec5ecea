import { DEFAULT_STAGES, type JourneyDocument, type JourneyNode } from '@stagecraft/graph';

/** A step at a position, for model tests. */
export function step(id: string, x: number, y: number, extra: Partial<JourneyNode> = {}): JourneyNode {
  return { id, type: 'wait', typeVersion: 1, position: { x, y }, config: {}, stage: null, ...extra };
}

/** A journey document around the given steps, with the default lifecycle stages unless told otherwise. */
export function journey(nodes: JourneyNode[], extra: Partial<JourneyDocument> = {}): JourneyDocument {
  return {
    schemaVersion: 1,
    name: 'Test journey',
    description: '',
    nodes,
    edges: [],
    stages: DEFAULT_STAGES,
    settings: {
      reentry: { policy: 'once' },
      maxConcurrentRuns: 1,
      exitEvents: [],
      goal: null,
      timeZone: 'UTC',
    },
    ...extra,
  };
}
