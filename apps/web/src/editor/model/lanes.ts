import type { JourneyDocument, JourneyNode, Stage } from '@stagecraft/graph';

/** Width of every step card on the canvas; lanes and layout rely on it. */
export const NODE_WIDTH = 248;
/** Space between a lane's edge and the steps inside it. */
export const LANE_PAD = 36;
export const LANE_MIN_HEIGHT = 120;

/** A horizontal band of the canvas; `stage` is null for the band of steps that change no stage. */
export interface Lane {
  stage: Stage | null;
  top: number;
  height: number;
}

export type HeightOf = (node: JourneyNode) => number;

/** The stage a step's lane stands for: its own stage if the journey defines it, else none. */
export function laneStageId(node: JourneyNode, stageIds: ReadonlySet<string>): string | null {
  return node.stage && stageIds.has(node.stage) ? node.stage : null;
}

/** The journey's stages in lane order, after the band for steps without a stage. Empty when it has no stages. */
export function laneStages(doc: JourneyDocument): (Stage | null)[] {
  if (doc.stages.length === 0) return [];
  return [null, ...[...doc.stages].sort((a, b) => a.order - b.order)];
}

function membersByLane(doc: JourneyDocument): Map<string | null, JourneyNode[]> {
  const stageIds = new Set(doc.stages.map((stage) => stage.id));
  const members = new Map<string | null, JourneyNode[]>();
  for (const node of doc.nodes) {
    const key = laneStageId(node, stageIds);
    const list = members.get(key);
    if (list) list.push(node);
    else members.set(key, [node]);
  }
  return members;
}

/**
 * Lanes stacked from y = 0 in stage order; each is tall enough for its steps. Steps keep their
 * positions; `fitNodesToLanes` makes sure every step lies inside its own lane.
 */
export function computeLanes(doc: JourneyDocument, heightOf: HeightOf): Lane[] {
  const members = membersByLane(doc);
  const lanes: Lane[] = [];
  let cursor = 0;
  let contentBottom = Number.NEGATIVE_INFINITY;
  for (const stage of laneStages(doc)) {
    const nodes = members.get(stage?.id ?? null) ?? [];
    let top = cursor;
    const previous = lanes[lanes.length - 1];
    const minY = Math.min(...nodes.map((node) => node.position.y));
    // Cards measured taller than laid out can crowd the next lane's top; the boundary then moves up
    // into the previous lane's padding rather than drawing a step on a lane edge.
    if (previous && minY - LANE_PAD < top) {
      top = Math.max(minY - LANE_PAD, contentBottom + 8, previous.top + 40);
      previous.height = top - previous.top;
    }
    const bottoms = nodes.map((node) => node.position.y + heightOf(node));
    const bottom = Math.max(top + LANE_MIN_HEIGHT, ...bottoms.map((value) => value + LANE_PAD));
    lanes.push({ stage, top, height: bottom - top });
    contentBottom = nodes.length ? Math.max(...bottoms) : top;
    cursor = bottom;
  }
  return lanes;
}

/**
 * Moves steps down, lane by lane, so that each lane's steps sit below the lane above: when a lane
 * grows, the lanes under it move down with their steps, keeping their arrangement.
 */
export function fitNodesToLanes(doc: JourneyDocument, heightOf: HeightOf): JourneyDocument {
  const members = membersByLane(doc);
  const shifts = new Map<string, number>();
  let cursor = 0;
  for (const stage of laneStages(doc)) {
    const nodes = members.get(stage?.id ?? null) ?? [];
    const minY = Math.min(...nodes.map((node) => node.position.y));
    const shift = nodes.length ? Math.max(0, cursor + LANE_PAD - minY) : 0;
    if (shift > 0) for (const node of nodes) shifts.set(node.id, shift);
    cursor = Math.max(
      cursor + LANE_MIN_HEIGHT,
      ...nodes.map((node) => node.position.y + shift + heightOf(node) + LANE_PAD),
    );
  }
  if (shifts.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      const shift = shifts.get(node.id);
      return shift ? { ...node, position: { x: node.position.x, y: node.position.y + shift } } : node;
    }),
  };
}

/** True when the saved positions ignore the lanes (steps outside their lane, or far below its top). */
export function needsLaneLayout(doc: JourneyDocument, heightOf: HeightOf): boolean {
  if (doc.stages.length === 0 || doc.nodes.length === 0) return false;
  if (fitNodesToLanes(doc, heightOf) !== doc) return true;
  const members = membersByLane(doc);
  return computeLanes(doc, heightOf).some((lane) => {
    const nodes = members.get(lane.stage?.id ?? null) ?? [];
    return (
      nodes.length > 0 && Math.min(...nodes.map((node) => node.position.y)) - lane.top > 4 * LANE_PAD + 200
    );
  });
}

/** The lane under a canvas y coordinate; above the first lane counts as the first, below the last as the last. */
export function laneAt(lanes: readonly Lane[], y: number): Lane | null {
  if (lanes.length === 0) return null;
  const found = lanes.find((lane) => y >= lane.top && y < lane.top + lane.height);
  if (found) return found;
  return y < (lanes[0]?.top ?? 0) ? (lanes[0] ?? null) : (lanes[lanes.length - 1] ?? null);
}

/**
 * Gives steps the stage of the lane they were dropped in and keeps them inside that lane,
 * using the lanes as they were when the drag began.
 */
export function dropIntoLanes(
  doc: JourneyDocument,
  nodeIds: ReadonlySet<string>,
  lanes: readonly Lane[],
  heightOf: HeightOf,
): JourneyDocument {
  if (lanes.length === 0) return doc;
  const nodes = doc.nodes.map((node) => {
    if (!nodeIds.has(node.id)) return node;
    const lane = laneAt(lanes, node.position.y + heightOf(node) / 2);
    if (!lane) return node;
    const stage = lane.stage?.id ?? null;
    const y = Math.max(node.position.y, lane.top + LANE_PAD);
    if (stage === (node.stage ?? null) && y === node.position.y) return node;
    return { ...node, stage, position: { x: node.position.x, y } };
  });
  return fitNodesToLanes({ ...doc, nodes }, heightOf);
}

/** Moves a step whose stage changed (from the inspector) to the bottom of its new lane. */
export function moveToOwnLane(doc: JourneyDocument, nodeId: string, heightOf: HeightOf): JourneyDocument {
  const node = doc.nodes.find((candidate) => candidate.id === nodeId);
  if (!node || doc.stages.length === 0) return doc;
  const others = { ...doc, nodes: doc.nodes.filter((candidate) => candidate.id !== nodeId) };
  const stageIds = new Set(doc.stages.map((stage) => stage.id));
  const key = laneStageId(node, stageIds);
  const lane = computeLanes(others, heightOf).find((candidate) => (candidate.stage?.id ?? null) === key);
  if (!lane) return doc;
  const mates = others.nodes.filter((candidate) => laneStageId(candidate, stageIds) === key);
  const y = mates.length
    ? Math.max(...mates.map((mate) => mate.position.y + heightOf(mate))) + 24
    : lane.top + LANE_PAD;
  const moved = doc.nodes.map((candidate) =>
    candidate.id === nodeId ? { ...candidate, position: { x: candidate.position.x, y } } : candidate,
  );
  return fitNodesToLanes({ ...doc, nodes: moved }, heightOf);
}
