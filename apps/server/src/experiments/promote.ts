import type { JourneyDocument } from '@stagecraft/graph';
import { HOLDOUT, randomSplit } from '@stagecraft/nodes';
import { splitConfig } from './definitions';

/**
 * The document with one split sending everyone (but the holdout, when kept) to `arm`: the other
 * arms keep their ports and edges at weight 0, so the graph and customers in flight are
 * untouched; a dropped holdout loses its port and the edges leaving it. Null when the document
 * has no such split.
 */
export function promotedDocument(
  document: JourneyDocument,
  nodeId: string,
  arm: string,
  keepHoldout: boolean,
): JourneyDocument | null {
  const node = document.nodes.find((n) => n.id === nodeId && n.type === randomSplit.type);
  const config = node && splitConfig(node.config, node.typeVersion);
  if (!node || !config) return null;
  const promoted = {
    ...config,
    arms: config.arms.map((a) => ({ ...a, weight: a.id === arm ? Math.max(a.weight, 1) : 0 })),
    holdout: keepHoldout ? config.holdout : { ...config.holdout, enabled: false },
  };
  const dropHoldout = !keepHoldout && config.holdout.enabled;
  return {
    ...document,
    nodes: document.nodes.map((n) =>
      n.id === nodeId ? { ...n, typeVersion: randomSplit.version, config: promoted } : n,
    ),
    edges: dropHoldout
      ? document.edges.filter((e) => !(e.source === nodeId && e.sourcePort === HOLDOUT))
      : document.edges,
  };
}

/**
 * The node map that keeps every waiting run where it is when moving it to the promoted
 * version: each node that can hold customers and exists in both versions maps to itself.
 */
export function identityNodeMap(
  from: Record<string, { waits: boolean }>,
  to: Record<string, unknown>,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [nodeId, info] of Object.entries(from)) if (info.waits && nodeId in to) map[nodeId] = nodeId;
  return map;
}
