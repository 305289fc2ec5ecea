import type { JourneyDocument, JourneyNode } from '@stagecraft/graph';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { LANE_MIN_HEIGHT, LANE_PAD, laneStageId, laneStages } from './lanes';

type Position = { x: number; y: number };
export interface LayoutSizes {
  size: (node: JourneyNode) => { width: number; height: number };
  ports: (node: JourneyNode) => string[];
}

const GAP_IN_LANE = 32;

/**
 * Arranges the journey left to right with ELK's layered algorithm, then stacks the lifecycle
 * lanes so each step sits in its stage's band. ELK is loaded on first use: it is large.
 */
export async function layoutJourney(
  doc: JourneyDocument,
  sizes: LayoutSizes,
): Promise<Map<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const ports = new Map(doc.nodes.map((node) => [node.id, [...sizes.ports(node)]]));
  for (const edge of doc.edges) {
    const list = ports.get(edge.source);
    if (list && !list.includes(edge.sourcePort)) list.push(edge.sourcePort);
  }
  const nodeIds = new Set(doc.nodes.map((node) => node.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.spacing.nodeNode': '36',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: doc.nodes.map((node) => ({
      id: node.id,
      ...sizes.size(node),
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${node.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
        ...(ports.get(node.id) ?? []).map((port, index) => ({
          id: `${node.id}::out::${port}`,
          layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(index) },
        })),
      ],
    })),
    edges: doc.edges
      .filter((edge) => nodeIds.has(edge.source) && nodeIds.has(edge.target))
      .map((edge) => ({
        id: edge.id,
        sources: [`${edge.source}::out::${edge.sourcePort}`],
        targets: [`${edge.target}::in`],
      })),
  };
  const result = await elk.layout(graph);
  const positions = new Map<string, Position>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return doc.stages.length ? stackLanes(doc, positions, sizes) : positions;
}

/** Keeps ELK's columns, and within each lane its vertical order, but puts every lane in its own band. */
function stackLanes(
  doc: JourneyDocument,
  positions: Map<string, Position>,
  sizes: LayoutSizes,
): Map<string, Position> {
  const stageIds = new Set(doc.stages.map((stage) => stage.id));
  const stacked = new Map<string, Position>();
  let cursor = 0;
  for (const stage of laneStages(doc)) {
    const members = doc.nodes
      .filter((node) => laneStageId(node, stageIds) === (stage?.id ?? null))
      .map((node) => ({ node, at: positions.get(node.id) ?? node.position, height: sizes.size(node).height }))
      .sort((a, b) => a.at.y - b.at.y);
    let bottom = cursor + LANE_MIN_HEIGHT;
    if (members.length) {
      // Close vertical gaps left by steps of other lanes, keeping the order and any overlap-free spacing.
      let reach = Number.NEGATIVE_INFINITY;
      let removed = 0;
      const first = members[0]?.at.y ?? 0;
      for (const member of members) {
        const gap = member.at.y - reach;
        if (reach !== Number.NEGATIVE_INFINITY && gap > GAP_IN_LANE) removed += gap - GAP_IN_LANE;
        reach = Math.max(reach, member.at.y + member.height);
        const y = cursor + LANE_PAD + (member.at.y - first) - removed;
        stacked.set(member.node.id, { x: member.at.x, y });
        bottom = Math.max(bottom, y + member.height + LANE_PAD);
      }
    }
    cursor = bottom;
  }
  return stacked;
}
