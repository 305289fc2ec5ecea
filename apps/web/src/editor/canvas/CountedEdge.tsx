import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from './types';

/** A connection drawn as the canvas draws every one, with its live numbers at its middle. */
export const CountedEdge = memo(function CountedEdge(props: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath(props);
  const count = props.data?.count ?? null;
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} style={props.style} />
      {count && (
        <EdgeLabelRenderer>
          <div
            className="edge-count nodrag nopan"
            data-testid={`edge-count-${props.id}`}
            title={`${count.passed} customers went this way${
              count.share === null ? '' : `, ${Math.round(count.share * 1000) / 10}% of the step's`
            }${count.conversion === null ? '' : `; ${Math.round(count.conversion * 1000) / 10}% of them converted`}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {count.text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
