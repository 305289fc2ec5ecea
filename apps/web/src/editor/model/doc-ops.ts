import type { JourneyDocument, JourneyEdge, JourneyNode } from '@stagecraft/graph';

type Position = { x: number; y: number };

/** Adds a step to the journey. */
export function addNode(doc: JourneyDocument, node: JourneyNode): JourneyDocument {
  return { ...doc, nodes: [...doc.nodes, node] };
}

/** Removes steps and connections; connections to removed steps go with them. */
export function removeElements(
  doc: JourneyDocument,
  nodeIds: Iterable<string>,
  edgeIds: Iterable<string>,
): JourneyDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((node) => !nodes.has(node.id)),
    edges: doc.edges.filter(
      (edge) => !edges.has(edge.id) && !nodes.has(edge.source) && !nodes.has(edge.target),
    ),
  };
}

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
}

/**
 * Connects an output port to a step. A port leads to one next step, so an existing connection
 * from the same port is replaced rather than doubled.
 */
export function connect(doc: JourneyDocument, connection: Connection, edgeId: string): JourneyDocument {
  if (connection.source === connection.target) return doc;
  const kept = doc.edges.filter(
    (edge) => !(edge.source === connection.source && edge.sourcePort === connection.sourcePort),
  );
  return { ...doc, edges: [...kept, { id: edgeId, ...connection }] };
}

/**
 * Puts a new step on an existing connection: A → B becomes A → new → B, leaving through the new
 * step's first port. Steps without ports (exit, goal) end the path there.
 */
export function insertOnEdge(
  doc: JourneyDocument,
  edgeId: string,
  node: JourneyNode,
  firstPort: string | null,
  nextEdgeId: string,
): JourneyDocument {
  const edge = doc.edges.find((candidate) => candidate.id === edgeId);
  if (!edge) return addNode(doc, node);
  const edges = doc.edges.map((candidate) =>
    candidate.id === edgeId ? { ...candidate, target: node.id } : candidate,
  );
  if (firstPort) edges.push({ id: nextEdgeId, source: node.id, sourcePort: firstPort, target: edge.target });
  return { ...doc, nodes: [...doc.nodes, node], edges };
}

/** Moves steps to new positions (rounded, so saved documents stay tidy). */
export function moveNodes(doc: JourneyDocument, positions: ReadonlyMap<string, Position>): JourneyDocument {
  if (positions.size === 0) return doc;
  let changed = false;
  const nodes = doc.nodes.map((node) => {
    const next = positions.get(node.id);
    if (!next) return node;
    const position = { x: Math.round(next.x), y: Math.round(next.y) };
    if (position.x === node.position.x && position.y === node.position.y) return node;
    changed = true;
    return { ...node, position };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Changes one step's config, stage or label; an empty label is removed. */
export function updateNode(
  doc: JourneyDocument,
  id: string,
  patch: Partial<Pick<JourneyNode, 'config' | 'stage' | 'label'>>,
): JourneyDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      if (node.id !== id) return node;
      const next: JourneyNode = { ...node, ...patch };
      if ('label' in patch && !patch.label) delete next.label;
      return next;
    }),
  };
}

/** What copy puts on the clipboard: steps and the connections among them. */
export interface Fragment {
  nodes: JourneyNode[];
  edges: JourneyEdge[];
}

/** The selected steps with the connections that run between them. */
export function copyFragment(doc: JourneyDocument, nodeIds: ReadonlySet<string>): Fragment {
  return {
    nodes: doc.nodes.filter((node) => nodeIds.has(node.id)),
    edges: doc.edges.filter((edge) => nodeIds.has(edge.source) && nodeIds.has(edge.target)),
  };
}

/** Pastes a fragment with fresh ids, shifted by `offset`; returns the new steps' ids to select them. */
export function pasteFragment(
  doc: JourneyDocument,
  fragment: Fragment,
  offset: Position,
  nodeId: (type: string, taken: Set<string>) => string,
  edgeId: (taken: Set<string>) => string,
): { doc: JourneyDocument; nodeIds: string[] } {
  const takenNodes = new Set(doc.nodes.map((node) => node.id));
  const takenEdges = new Set(doc.edges.map((edge) => edge.id));
  const stages = new Set(doc.stages.map((stage) => stage.id));
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((node) => {
    const id = nodeId(node.type, takenNodes);
    takenNodes.add(id);
    renamed.set(node.id, id);
    const stage = node.stage && stages.has(node.stage) ? node.stage : null;
    return {
      ...structuredClone(node),
      id,
      stage,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
    };
  });
  const edges = fragment.edges.flatMap((edge) => {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) return [];
    const id = edgeId(takenEdges);
    takenEdges.add(id);
    return [{ ...edge, id, source, target }];
  });
  return {
    doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] },
    nodeIds: nodes.map((node) => node.id),
  };
}

/**
 * Makes room to the right of a step that was just put on a connection: everything downstream of
 * it moves right just enough that the step no longer covers the next one.
 */
export function makeRoomAfter(
  doc: JourneyDocument,
  nodeId: string,
  width: number,
  gap: number,
): JourneyDocument {
  const node = doc.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return doc;
  const next = new Map<string, string[]>();
  for (const edge of doc.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const downstream = new Set<string>();
  const queue = [...(next.get(nodeId) ?? [])];
  while (queue.length) {
    const id = queue.pop()!;
    if (id === nodeId || downstream.has(id)) continue;
    downstream.add(id);
    queue.push(...(next.get(id) ?? []));
  }
  const nearest = Math.min(
    ...doc.nodes.filter((candidate) => downstream.has(candidate.id)).map((candidate) => candidate.position.x),
  );
  const shift = node.position.x + width + gap - nearest;
  if (!Number.isFinite(shift) || shift <= 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((candidate) =>
      downstream.has(candidate.id)
        ? { ...candidate, position: { x: candidate.position.x + shift, y: candidate.position.y } }
        : candidate,
    ),
  };
}
