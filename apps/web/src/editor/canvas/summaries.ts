import type { JourneyNode } from '@stagecraft/graph';

/**
 * The line under each card's title is computed by the server, from the node type's own
 * `summary` (validate responses for steps as drawn, the catalog's `initialSummary` for new ones),
 * so a plugin's steps read right with no editor code. This store remembers those lines by the
 * config they describe; it is bounded, since configs change with every keystroke.
 */
const LIMIT = 2_000;
const byConfig = new Map<string, string>();
/** The last line each step showed: what its card keeps while its new config is being checked. */
const byNode = new Map<string, string>();
const fingerprints = new WeakMap<object, string>();

function configKey(node: Pick<JourneyNode, 'type' | 'typeVersion' | 'config'>): string {
  const config = node.config as object;
  let fingerprint = fingerprints.get(config);
  if (fingerprint === undefined) {
    fingerprint = JSON.stringify(config) ?? '';
    // Configs are replaced, never changed in place, so the object is a safe cache key.
    if (config !== null && typeof config === 'object') fingerprints.set(config, fingerprint);
  }
  return `${node.type}@${node.typeVersion}\u0000${fingerprint}`;
}

function remember(map: Map<string, string>, key: string, value: string): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > LIMIT) map.delete(map.keys().next().value as string);
}

/** Records the summaries a validate response gave for these steps (those it left out have none). */
export function learnSummaries(
  nodes: readonly JourneyNode[],
  summaries: Readonly<Record<string, string>>,
): void {
  for (const node of nodes) {
    const summary = summaries[node.id];
    if (summary === undefined) continue;
    remember(byConfig, configKey(node), summary);
    remember(byNode, node.id, summary);
  }
}

/** Records the summary a new step starts with, from its type's catalog entry. */
export function learnSummary(node: JourneyNode, summary: string | null): void {
  if (summary !== null) remember(byConfig, configKey(node), summary);
}

/**
 * The one-line reading of a step's config ("Wait 3 days") as the server last computed it: for
 * this very config, else the step's previous line while the new one is checked, else `fallback`.
 */
export function summaryOf(node: JourneyNode, fallback: string): string {
  return byConfig.get(configKey(node)) ?? byNode.get(node.id) ?? fallback;
}
