import type { JourneyDocument, JourneyNode } from '@stagecraft/graph';

/** One line of "what changed since the last version", about a step, a connection or the journey. */
export interface Change {
  kind: 'added' | 'removed' | 'changed';
  subject: 'step' | 'connection' | 'settings' | 'stages' | 'journey';
  nodeId?: string;
  text: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Lists the differences a marketer cares about between a published version and the draft. */
export function diffDocuments(
  before: JourneyDocument | null,
  after: JourneyDocument,
  titleOf: (node: JourneyNode) => string,
): Change[] {
  if (!before)
    return [{ kind: 'added', subject: 'journey', text: 'First version: everything in the draft goes live.' }];
  const changes: Change[] = [];
  const old = new Map(before.nodes.map((node) => [node.id, node]));
  const fresh = new Map(after.nodes.map((node) => [node.id, node]));
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    const name = `“${titleOf(node)}”`;
    if (!previous) {
      changes.push({ kind: 'added', subject: 'step', nodeId: node.id, text: `Added step ${name}.` });
      continue;
    }
    const parts: string[] = [];
    if (!same(previous.config, node.config)) parts.push('settings');
    if ((previous.stage ?? null) !== (node.stage ?? null)) parts.push('stage');
    if ((previous.label ?? '') !== (node.label ?? '')) parts.push('name');
    if (previous.typeVersion !== node.typeVersion) parts.push('version');
    if (parts.length) {
      changes.push({
        kind: 'changed',
        subject: 'step',
        nodeId: node.id,
        text: `Changed the ${parts.join(', ')} of ${name}.`,
      });
    }
  }
  for (const node of before.nodes) {
    if (!fresh.has(node.id)) {
      changes.push({
        kind: 'removed',
        subject: 'step',
        nodeId: node.id,
        text: `Removed step “${titleOf(node)}”.`,
      });
    }
  }
  const key = (edge: JourneyDocument['edges'][number]) =>
    `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}`;
  const oldEdges = new Set(before.edges.map(key));
  const newEdges = new Set(after.edges.map(key));
  const named = (id: string) => {
    const node = fresh.get(id) ?? old.get(id);
    return node ? `“${titleOf(node)}”` : id;
  };
  for (const edge of after.edges) {
    if (!oldEdges.has(key(edge))) {
      changes.push({
        kind: 'added',
        subject: 'connection',
        text: `Connected ${named(edge.source)} to ${named(edge.target)}.`,
      });
    }
  }
  for (const edge of before.edges) {
    if (!newEdges.has(key(edge))) {
      changes.push({
        kind: 'removed',
        subject: 'connection',
        text: `Disconnected ${named(edge.source)} from ${named(edge.target)}.`,
      });
    }
  }
  if (!same(before.settings, after.settings)) {
    changes.push({
      kind: 'changed',
      subject: 'settings',
      text: 'Changed the journey settings (entry, exits, goal or time zone).',
    });
  }
  if (!same(before.stages, after.stages))
    changes.push({ kind: 'changed', subject: 'stages', text: 'Changed the lifecycle lanes.' });
  if (before.name !== after.name)
    changes.push({ kind: 'changed', subject: 'journey', text: `Renamed the journey to “${after.name}”.` });
  return changes;
}
