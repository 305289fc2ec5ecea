import { describe, expect, it } from 'vitest';
import { issueNodeIds } from './issues';

describe('issueNodeIds', () => {
  it('lists the step of a problem and every step of a loop, once each', () => {
    expect(
      issueNodeIds({ nodeId: 'a', detail: { kind: 'cycle-without-wait', nodeIds: ['a', 'b', 'c'] } }),
    ).toEqual(['a', 'b', 'c']);
  });

  it('lists the step of a port, and nothing for a journey-wide problem', () => {
    expect(issueNodeIds({ detail: { kind: 'port', nodeId: 'mail', port: 'out' } })).toEqual(['mail']);
    expect(issueNodeIds({})).toEqual([]);
  });
});
