import { DEFAULT_STAGES, type JourneyDocument } from '@stagecraft/graph';
import { describe, expect, it } from 'vitest';
import { edgeCounts } from './edge-counts';

const doc = (goal: boolean) =>
  ({
    name: 'j',
    nodes: [],
    edges: [
      { id: 'e1', source: 't', target: 'c', sourcePort: 'out' },
      { id: 'e2', source: 'c', target: 'a', sourcePort: 'yes' },
      { id: 'e3', source: 'c', target: 'b', sourcePort: 'no' },
    ],
    stages: DEFAULT_STAGES,
    settings: { goal: goal ? { event: { event: 'Order Completed' } } : null },
  }) as unknown as JourneyDocument;

const stats = [
  { nodeId: 't', port: 'out', passed: 1200, converted: 30 },
  { nodeId: 'c', port: 'yes', passed: 900, converted: 27 },
  { nodeId: 'c', port: 'no', passed: 300, converted: 3 },
];

describe('edge counts', () => {
  it("shows runs per connection, each branch's share, and conversion to the goal", () => {
    const counts = edgeCounts(doc(true), stats);
    expect(counts.get('e1')).toEqual({
      passed: 1200,
      share: null,
      conversion: 0.025,
      text: '1,200 · 2.5% conv.',
    });
    expect(counts.get('e2')?.text).toBe('900 · 75% · 3% conv.');
    expect(counts.get('e3')?.text).toBe('300 · 25% · 1% conv.');
  });

  it('leaves conversion out without a goal, and shows zeros on connections nobody took', () => {
    const counts = edgeCounts(doc(false), stats.slice(0, 2));
    expect(counts.get('e2')?.text).toBe('900 · 100%');
    expect(counts.get('e3')).toEqual({ passed: 0, share: 0, conversion: null, text: '0 · 0%' });
  });
});
