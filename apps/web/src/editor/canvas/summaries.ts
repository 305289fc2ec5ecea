import type { JourneyNode } from '@stagecraft/graph';
import { builtinRegistry } from '@stagecraft/nodes';

const cache = new WeakMap<JourneyNode, string>();

/**
 * The one-line reading of a step's config ("Wait 3 days"), from the node type's own `summary`
 * when this editor knows the type; plugin steps show their description instead.
 */
export function summaryOf(node: JourneyNode, fallback: string): string {
  const cached = cache.get(node);
  if (cached !== undefined) return cached;
  let summary = fallback;
  const nodeType = builtinRegistry.get(node.type, node.typeVersion);
  if (nodeType?.summary) {
    const parsed = nodeType.configSchema.safeParse(node.config);
    if (parsed.success) {
      try {
        summary = nodeType.summary(parsed.data);
      } catch {
        summary = fallback;
      }
    } else {
      summary = 'Needs setting up';
    }
  }
  cache.set(node, summary);
  return summary;
}
