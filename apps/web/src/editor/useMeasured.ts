import type { JourneyNode } from '@stagecraft/graph';
import type { NodeChange } from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import type { FlowNode } from './canvas/types';
import { NODE_WIDTH } from './model/lanes';

type Size = { width: number; height: number };

/** A card's height before the browser has measured it: header and summary, plus a row per labelled port. */
export function estimateHeight(ports: number): number {
  return 76 + (ports > 1 ? ports * 24 + 8 : 0);
}

/**
 * The rendered size of each card, as React Flow measures it. Lanes and the layout need real
 * heights; until a card is measured, an estimate from its port count stands in.
 */
export function useMeasured(portCount: (node: JourneyNode) => number) {
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const latest = useRef(measured);
  latest.current = measured;
  const ports = useRef(portCount);
  ports.current = portCount;

  const onDimensions = useCallback((changes: NodeChange<FlowNode>[]) => {
    let next: Map<string, Size> | null = null;
    for (const change of changes) {
      if (change.type !== 'dimensions' || !change.dimensions) continue;
      const { width, height } = change.dimensions;
      const current = (next ?? latest.current).get(change.id);
      if (current && current.width === width && current.height === height) continue;
      next ??= new Map(latest.current);
      next.set(change.id, { width, height });
    }
    if (next) setMeasured(next);
  }, []);

  // These change identity with the measurements, so lanes recompute when a card's size changes.
  const heightOf = useCallback(
    (node: JourneyNode) => measured.get(node.id)?.height ?? estimateHeight(ports.current(node)),
    [measured],
  );
  const sizeOf = useCallback(
    (node: JourneyNode) => ({ width: measured.get(node.id)?.width ?? NODE_WIDTH, height: heightOf(node) }),
    [measured, heightOf],
  );
  return { measured, onDimensions, heightOf, sizeOf };
}
