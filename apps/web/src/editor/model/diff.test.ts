import { describe, expect, it } from 'vitest';
import { diffDocuments } from './diff';
import { journey, step } from './fixtures';

const title = (node: { id: string }) => node.id;

describe('changes since the last version', () => {
  it('says everything is new for a first version', () => {
    expect(diffDocuments(null, journey([]), title)).toHaveLength(1);
  });

  it('lists added, removed and changed steps and connections, not moves', () => {
    const before = journey([step('a', 0, 0), step('b', 300, 0, { config: { mode: 'duration' } })], {
      edges: [{ id: 'e1', source: 'a', sourcePort: 'out', target: 'b' }],
    });
    const after = journey(
      [step('a', 50, 50), step('b', 300, 0, { config: { mode: 'time-of-day' } }), step('c', 600, 0)],
      {
        edges: [{ id: 'e2', source: 'b', sourcePort: 'out', target: 'c' }],
      },
    );
    expect(diffDocuments(before, after, title).map((change) => change.text)).toEqual([
      'Changed the settings of “b”.',
      'Added step “c”.',
      'Connected “b” to “c”.',
      'Disconnected “a” from “b”.',
    ]);
  });
});
