import { type JourneyDocument, JourneyDocumentSchema, type Stage } from '@stagecraft/graph';
import { type NodeRegistry, type PortSpec, portsOf } from '@stagecraft/sdk';
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

/**
 * The output ports of each node as its type defines them for its current config, so the editor
 * can draw one handle per split arm. Nodes of unknown types or with unreadable configs get their
 * fixed ports, or none.
 */
export function portsByNode(document: unknown, registry: NodeRegistry): Record<string, PortSpec[]> {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return {};
  const result: Record<string, PortSpec[]> = {};
  for (const node of nodes as { id?: unknown; type?: unknown; typeVersion?: unknown; config?: unknown }[]) {
    if (typeof node?.id !== 'string' || typeof node.type !== 'string') continue;
    const nodeType =
      (typeof node.typeVersion === 'number' ? registry.get(node.type, node.typeVersion) : undefined) ??
      registry.latest(node.type);
    if (!nodeType) {
      result[node.id] = [];
      continue;
    }
    const config = nodeType.configSchema.safeParse(node.config ?? {});
    if (config.success) result[node.id] = portsOf(nodeType, config.data);
    else result[node.id] = typeof nodeType.ports === 'function' ? [] : [...nodeType.ports];
  }
  return result;
}
