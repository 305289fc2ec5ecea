import { z } from 'zod';

/** A node named in a change summary. */
export const NodeRefSchema = z.object({ id: z.string(), type: z.string(), label: z.string().nullable() });
export type NodeRef = z.infer<typeof NodeRefSchema>;

/** What a publish changes compared with the previous version; positions on the canvas do not count. */
export const ChangeSummarySchema = z
  .object({
    previousVersion: z.number().int().nullable(),
    added: z.array(NodeRefSchema),
    removed: z.array(NodeRefSchema),
    changed: z.array(NodeRefSchema),
    connectionsAdded: z.number().int(),
    connectionsRemoved: z.number().int(),
    settingsChanged: z.boolean(),
    stagesChanged: z.boolean(),
  })
  .meta({ id: 'ChangeSummary' });
export type ChangeSummary = z.infer<typeof ChangeSummarySchema>;

interface NodeLike {
  id: string;
  type: string;
  typeVersion?: number;
  config?: unknown;
  stage?: string | null;
  label?: string;
}
interface DocumentLike {
  nodes?: NodeLike[];
  edges?: { source: string; sourcePort?: string; target: string }[];
  settings?: unknown;
  stages?: unknown;
}

/** Compares two journey documents; `previous` null means everything is new. */
export function diffDocuments(
  previous: DocumentLike | null,
  next: DocumentLike,
  previousVersion: number | null,
): ChangeSummary {
  const before = new Map((previous?.nodes ?? []).map((node) => [node.id, node]));
  const after = new Map((next.nodes ?? []).map((node) => [node.id, node]));
  const ref = (node: NodeLike): NodeRef => ({ id: node.id, type: node.type, label: node.label ?? null });

  const added = [...after.values()].filter((node) => !before.has(node.id)).map(ref);
  const removed = [...before.values()].filter((node) => !after.has(node.id)).map(ref);
  const changed = [...after.values()]
    .filter((node) => {
      const old = before.get(node.id);
      return old !== undefined && stable(meaning(old)) !== stable(meaning(node));
    })
    .map(ref);

  const edgeKeys = (doc: DocumentLike | null) =>
    new Set((doc?.edges ?? []).map((e) => `${e.source}\u0000${e.sourcePort ?? 'out'}\u0000${e.target}`));
  const oldEdges = edgeKeys(previous);
  const newEdges = edgeKeys(next);

  return {
    previousVersion,
    added,
    removed,
    changed,
    connectionsAdded: [...newEdges].filter((key) => !oldEdges.has(key)).length,
    connectionsRemoved: [...oldEdges].filter((key) => !newEdges.has(key)).length,
    settingsChanged: previous !== null && stable(previous.settings) !== stable(next.settings),
    stagesChanged: previous !== null && stable(previous.stages) !== stable(next.stages),
  };
}

/** The parts of a node that change what customers experience. */
function meaning(node: NodeLike) {
  return { type: node.type, typeVersion: node.typeVersion, config: node.config, stage: node.stage ?? null };
}

/** JSON with sorted keys, so key order never counts as a change. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
