import { describe, expect, it } from 'vitest';
import { connect, copyFragment, insertOnEdge, makeRoomAfter, pasteFragment, removeElements } from './doc-ops';
import { journey, step } from './fixtures';

const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({
  id,
  source,
  sourcePort,
  target,
});

describe('document operations', () => {
  it('gives a port one next step: connecting it again replaces the old connection', () => {
    const doc = journey([step('a', 0, 0), step('b', 300, 0), step('c', 300, 200)], {
      edges: [edge('e1', 'a', 'b')],
    });
    const next = connect(doc, { source: 'a', sourcePort: 'out', target: 'c' }, 'e2');
    expect(next.edges).toEqual([edge('e2', 'a', 'c')]);
    expect(connect(doc, { source: 'a', sourcePort: 'out', target: 'a' }, 'e3')).toBe(doc);
  });

  it('inserts a step on a connection: A → B becomes A → new → B', () => {
    const doc = journey([step('a', 0, 0), step('b', 600, 0)], { edges: [edge('e1', 'a', 'b')] });
    const next = insertOnEdge(doc, 'e1', step('n', 300, 0), 'out', 'e2');
    expect(next.edges).toEqual([edge('e1', 'a', 'n'), edge('e2', 'n', 'b')]);
    const ending = insertOnEdge(doc, 'e1', step('x', 300, 0, { type: 'exit' }), null, 'e2');
    expect(ending.edges).toEqual([edge('e1', 'a', 'x')]);
  });

  it('removes connections together with the steps they touch', () => {
    const doc = journey([step('a', 0, 0), step('b', 300, 0), step('c', 600, 0)], {
      edges: [edge('e1', 'a', 'b'), edge('e2', 'b', 'c')],
    });
    expect(removeElements(doc, ['b'], []).edges).toEqual([]);
    expect(removeElements(doc, [], ['e1']).edges).toEqual([edge('e2', 'b', 'c')]);
  });

  it('pastes copies with fresh ids, keeps their inner connections, and drops stages the journey lacks', () => {
    const doc = journey([step('a', 0, 0, { stage: 'onboarding' }), step('b', 300, 0, { stage: 'gone' })], {
      edges: [edge('e1', 'a', 'b')],
    });
    const fragment = copyFragment(doc, new Set(['a', 'b']));
    let n = 0;
    const result = pasteFragment(
      doc,
      fragment,
      { x: 40, y: 40 },
      (type) => `${type}-${++n}`,
      () => `e-${++n}`,
    );
    expect(result.nodeIds).toEqual(['wait-1', 'wait-2']);
    const pasted = result.doc.nodes.slice(2);
    expect(pasted.map((node) => [node.position, node.stage])).toEqual([
      [{ x: 40, y: 40 }, 'onboarding'],
      [{ x: 340, y: 40 }, null],
    ]);
    expect(result.doc.edges.at(-1)).toEqual(edge('e-3', 'wait-1', 'wait-2'));
  });
});

describe('making room for an inserted step', () => {
  it('moves only the steps downstream, just far enough', () => {
    const doc = journey(
      [step('a', 0, 0), step('n', 320, 0), step('b', 400, 0), step('c', 700, 0), step('other', 400, 300)],
      {
        edges: [edge('e1', 'a', 'n'), edge('e2', 'n', 'b'), edge('e3', 'b', 'c')],
      },
    );
    const roomy = makeRoomAfter(doc, 'n', 248, 72);
    expect(roomy.nodes.map((node) => node.position.x)).toEqual([0, 320, 640, 940, 400]);
    expect(makeRoomAfter(roomy, 'n', 248, 72)).toBe(roomy);
  });
});
