import type { NodeRegistry } from '@stagecraft/sdk';

type SavedNode = { type?: unknown; typeVersion?: unknown; config?: unknown };

/**
 * A draft with each step saved by an older version of its type brought to the installed version
 * through the type's `migrate`, as the compiler reads it, so the editor shows and saves what will
 * run (templates written before Liquid open as Liquid). Steps that cannot be upgraded, unknown
 * types and anything that is not a node are kept as saved; the compiler reports them.
 */
export function upgradeNodes<Document>(document: Document, registry: NodeRegistry): Document {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return document;
  let changed = false;
  const upgraded = nodes.map((node: SavedNode) => {
    if (typeof node?.type !== 'string' || typeof node.typeVersion !== 'number') return node;
    const latest = registry.latest(node.type);
    if (!latest?.migrate || node.typeVersion >= latest.version) return node;
    try {
      const config = latest.migrate(node.config ?? {}, node.typeVersion);
      if (config === null || typeof config !== 'object' || Array.isArray(config)) return node;
      changed = true;
      return { ...node, typeVersion: latest.version, config };
    } catch {
      return node;
    }
  });
  return changed ? { ...document, nodes: upgraded } : document;
}
