import { describe, expect, it } from 'vitest';
import { moveNodes, updateNode } from './doc-ops';
import { journey, step } from './fixtures';
import { historyReducer, initialHistory } from './history';

const start = journey([step('a', 0, 0)]);
const rename = (label: string) => (doc: typeof start) => updateNode(doc, 'a', { label });

describe('undo history', () => {
  it('undoes and redoes an edit, and a new edit clears what could be redone', () => {
    let state = historyReducer(initialHistory(start), { type: 'edit', recipe: rename('First') });
    state = historyReducer(state, { type: 'undo' });
    expect(state.doc.nodes[0]?.label).toBeUndefined();
    state = historyReducer(state, { type: 'redo' });
    expect(state.doc.nodes[0]?.label).toBe('First');
    state = historyReducer(state, { type: 'undo' });
    state = historyReducer(state, { type: 'edit', recipe: rename('Other') });
    expect(state.future).toHaveLength(0);
  });

  it('undoes typing in one field as one step', () => {
    let state = initialHistory(start);
    for (const [label, at] of [
      ['W', 0],
      ['We', 300],
      ['Wel', 600],
    ] as const) {
      state = historyReducer(state, { type: 'edit', recipe: rename(label), group: 'label:a', at });
    }
    expect(state.past).toHaveLength(1);
    state = historyReducer(state, { type: 'undo' });
    expect(state.doc).toBe(start);
  });

  it('turns a whole drag into one undo step, and a click without movement into none', () => {
    let state = historyReducer(initialHistory(start), { type: 'checkpoint' });
    expect(state.past).toHaveLength(0);
    for (const x of [10, 20, 30]) {
      state = historyReducer(state, {
        type: 'transient',
        recipe: (doc) => moveNodes(doc, new Map([['a', { x, y: 0 }]])),
      });
    }
    expect(state.past).toHaveLength(1);
    expect(historyReducer(state, { type: 'undo' }).doc.nodes[0]?.position).toEqual({ x: 0, y: 0 });
  });

  it('ignores edits that change nothing', () => {
    const state = initialHistory(start);
    expect(historyReducer(state, { type: 'edit', recipe: (doc) => doc })).toBe(state);
  });
});
