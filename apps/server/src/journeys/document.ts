import { type JourneyDocument, JourneyDocumentSchema, type Stage } from '@stagecraft/graph';
import {
  type AnyNodeType,
  describeConfig,
  type NodeRegistry,
  type PortSpec,
  portsOfConfig,
} from '@stagecraft/sdk';
import { AppError } from '../errors';

/** A new, empty journey drawn on the workspace's lifecycle stages. */
export function blankDocument(name: string, stages: Stage[]): JourneyDocument {
  return JourneyDocumentSchema.parse({ name, nodes: [], edges: [], stages });
}

/**
 * Checks a document's shape before it is stored (defaults applied); its graph may still have
 * problems, which validation reports. Throws a 400 naming the first bad field.
 */
export function parseDocument(input: unknown, field = 'document'): JourneyDocument {
  const parsed = JourneyDocumentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [field, ...issue.path.map(String)].join('.');
  throw new AppError('invalid-request', {
    field: path,
    message: `${path}: ${issue.message}. Fix this field and save again.`,
  });
}

type SavedNode = { id?: unknown; type?: unknown; typeVersion?: unknown; config?: unknown };

/** Each node of a document as saved, with its installed type (or undefined), for per-node facts. */
function eachNode(document: unknown, registry: NodeRegistry): [string, AnyNodeType | undefined, unknown][] {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const result: [string, AnyNodeType | undefined, unknown][] = [];
  for (const node of nodes as SavedNode[]) {
    if (typeof node?.id !== 'string' || typeof node.type !== 'string') continue;
    const nodeType =
      (typeof node.typeVersion === 'number' ? registry.get(node.type, node.typeVersion) : undefined) ??
      registry.latest(node.type);
    result.push([node.id, nodeType, node.config ?? {}]);
  }
  return result;
}

/**
 * The output ports of each node as its type defines them for its current config, so the editor
 * can draw one handle per split arm. Nodes of unknown types or with unreadable configs get their
 * fixed ports, or none.
 */
export function portsByNode(document: unknown, registry: NodeRegistry): Record<string, PortSpec[]> {
  const result: Record<string, PortSpec[]> = {};
  for (const [id, nodeType, config] of eachNode(document, registry)) {
    result[id] = nodeType ? portsOfConfig(nodeType, config) : [];
  }
  return result;
}

/**
 * The line each card shows under its title, computed here by the node type's own `summary` so
 * that a plugin's steps read right in the editor with no editor code. A node whose type has no
 * summary, or whose config does not parse yet, is left out; the editor shows its fallback.
 */
export function summariesByNode(document: unknown, registry: NodeRegistry): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [id, nodeType, config] of eachNode(document, registry)) {
    const summary = nodeType ? describeConfig(nodeType, config) : null;
    if (summary !== null) result[id] = summary;
  }
  return result;
}
