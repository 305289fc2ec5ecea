import { describe, expect, it } from 'vitest';
import { diffDocuments } from './diff';

const wait = {
  id: 'wait',
  type: 'wait',
  typeVersion: 1,
  position: { x: 0, y: 0 },
  config: { mode: 'duration' },
};
const exit = { id: 'exit', type: 'exit', typeVersion: 1, position: { x: 0, y: 100 }, config: {} };

describe('diffDocuments', () => {
  it('lists every node as added for a first publish', () => {
    const summary = diffDocuments(null, { nodes: [wait, exit], edges: [] }, null);
    expect(summary.added.map((n) => n.id)).toEqual(['wait', 'exit']);
    expect(summary.settingsChanged).toBe(false);
  });

  it('names added, removed and reconfigured nodes but ignores moves on the canvas', () => {
    const before = { nodes: [wait, exit], edges: [{ source: 'wait', target: 'exit' }] };
    const after = {
      nodes: [
        { ...wait, position: { x: 500, y: 500 }, config: { mode: 'duration', amount: 2 } },
        { id: 'tag', type: 'tag', typeVersion: 1, position: { x: 0, y: 0 }, config: {}, label: 'VIP' },
      ],
      edges: [{ source: 'wait', target: 'tag' }],
    };
    const summary = diffDocuments(before, after, 3);
    expect(summary).toMatchObject({
      previousVersion: 3,
      added: [{ id: 'tag', type: 'tag', label: 'VIP' }],
      removed: [{ id: 'exit', type: 'exit', label: null }],
      changed: [{ id: 'wait' }],
      connectionsAdded: 1,
      connectionsRemoved: 1,
    });
    const moved = diffDocuments(
      before,
      { ...before, nodes: [{ ...wait, position: { x: 9, y: 9 } }, exit] },
      3,
    );
    expect(moved.changed).toEqual([]);
  });

  it('does not count a different key order as a change', () => {
    const a = { ...wait, config: { mode: 'duration', duration: { amount: 1, unit: 'days' } } };
    const b = { ...wait, config: { duration: { unit: 'days', amount: 1 }, mode: 'duration' } };
    expect(diffDocuments({ nodes: [a] }, { nodes: [b] }, 1).changed).toEqual([]);
  });
});
