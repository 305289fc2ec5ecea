import type { CompiledJourney } from '@stagecraft/compiler';
import type { ChangeSet } from './changes';
import type { RunRecord } from './customer-state';

const portsByJourney = new WeakMap<CompiledJourney, Map<string, string>>();

/** The output port of the edge from `source` to `target` in a journey version, if one joins them. */
function portBetween(journey: CompiledJourney, source: string, target: string): string | undefined {
  let ports = portsByJourney.get(journey);
  if (!ports) {
    ports = new Map();
    for (const edge of journey.document.edges) {
      const key = `${edge.source}\u0000${edge.target}`;
      if (!ports.has(key)) ports.set(key, edge.sourcePort ?? 'out');
    }
    portsByJourney.set(journey, ports);
  }
  return ports.get(`${source}\u0000${target}`);
}

/**
 * Counts a run's conversion on every edge it took, once per edge: the edges are read from the
 * run's path (the nodes it entered, in order; the most recent 200), so conversion per branch is
 * the share of runs through an edge that reached the goal.
 */
export function countConversionEdges(changes: ChangeSet, run: RunRecord, journey: CompiledJourney): void {
  const snapshot = run.state?.snapshot as { context?: { path?: unknown } } | null | undefined;
  const path = snapshot?.context?.path;
  if (!Array.isArray(path)) return;
  const seen = new Set<string>();
  for (let i = 1; i < path.length; i++) {
    const source = String(path[i - 1]);
    const port = portBetween(journey, source, String(path[i]));
    if (port === undefined) continue;
    const key = `${source}\u0000${port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.countEdge(journey.journeyId, journey.version, source, port, 'converted');
  }
}
