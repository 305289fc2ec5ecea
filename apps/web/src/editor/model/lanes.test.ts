import { describe, expect, it } from 'vitest';
import { journey, step } from './fixtures';
import {
  computeLanes,
  dropIntoLanes,
  fitNodesToLanes,
  LANE_MIN_HEIGHT,
  LANE_PAD,
  laneAt,
  moveToOwnLane,
  needsLaneLayout,
} from './lanes';

const height = () => 80;

describe('lifecycle lanes', () => {
  it('stacks a band for steps without a stage, then one per stage in order', () => {
    const lanes = computeLanes(journey([]), height);
    expect(lanes.map((lane) => lane.stage?.id ?? null)).toEqual([
      null,
      'acquisition',
      'onboarding',
      'engagement',
      'retention',
      'advocacy',
      'renewal',
    ]);
    expect(lanes[1]?.top).toBe(LANE_MIN_HEIGHT);
  });

  it('has no lanes when the journey has no stages', () => {
    expect(computeLanes(journey([step('a', 0, 0)], { stages: [] }), height)).toEqual([]);
  });

  it("gives a step dropped in a lane that lane's stage and keeps it inside", () => {
    const doc = journey([step('a', 100, 0)]);
    const lanes = computeLanes(doc, height);
    const onboarding = lanes.find((lane) => lane.stage?.id === 'onboarding')!;
    const moved = { ...doc, nodes: [{ ...doc.nodes[0]!, position: { x: 100, y: onboarding.top + 2 } }] };
    const dropped = dropIntoLanes(moved, new Set(['a']), lanes, height);
    expect(dropped.nodes[0]?.stage).toBe('onboarding');
    expect(dropped.nodes[0]?.position.y).toBe(onboarding.top + LANE_PAD);
  });

  it('moves the lanes below down, steps and all, when a lane grows', () => {
    const doc = journey([
      step('a', 0, LANE_PAD),
      step('b', 0, LANE_MIN_HEIGHT * 2 + LANE_PAD, { stage: 'acquisition' }),
    ]);
    expect(fitNodesToLanes(doc, height)).toBe(doc);
    const grown = { ...doc, nodes: [{ ...doc.nodes[0]!, position: { x: 0, y: 300 } }, doc.nodes[1]!] };
    const fitted = fitNodesToLanes(grown, height);
    expect(fitted.nodes[1]?.position.y).toBe(300 + 80 + LANE_PAD + LANE_PAD);
    expect(laneAt(computeLanes(fitted, height), fitted.nodes[1]!.position.y)?.stage?.id).toBe('acquisition');
  });

  it('puts a step whose stage changed at the bottom of its new lane', () => {
    const doc = journey([
      step('a', 0, 40),
      step('b', 0, 160 + LANE_PAD, { stage: 'acquisition' }),
      step('c', 300, 40),
    ]);
    const changed = {
      ...doc,
      nodes: doc.nodes.map((node) => (node.id === 'c' ? { ...node, stage: 'acquisition' } : node)),
    };
    const placed = moveToOwnLane(changed, 'c', height);
    const c = placed.nodes.find((node) => node.id === 'c')!;
    expect(laneAt(computeLanes(placed, height), c.position.y + 40)?.stage?.id).toBe('acquisition');
  });

  it('asks for a layout when saved positions ignore the lanes', () => {
    expect(needsLaneLayout(journey([step('a', 0, 0, { stage: 'renewal' })]), height)).toBe(true);
    expect(needsLaneLayout(journey([step('a', 0, LANE_PAD)]), height)).toBe(false);
  });
});
