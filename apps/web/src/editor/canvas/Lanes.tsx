import './Lanes.css';
import { ViewportPortal } from '@xyflow/react';
import { type CSSProperties, memo } from 'react';
import type { Lane } from '../model/lanes';

interface LanesProps {
  lanes: readonly Lane[];
  /** Horizontal extent of the journey, so the bands run past its first and last step. */
  left: number;
  right: number;
  /** The lane a dragged step would land in. */
  activeStage: string | null | undefined;
}

/** Lifecycle stages drawn as horizontal bands behind the steps, each with its name and colour. */
export const Lanes = memo(function Lanes({ lanes, left, right, activeStage }: LanesProps) {
  if (lanes.length === 0) return null;
  const x = left - 260;
  const width = right - x + 400;
  return (
    <ViewportPortal>
      <div className="lanes" aria-hidden="true">
        {lanes.map((lane) => {
          const key = lane.stage?.id ?? null;
          const color = lane.stage?.color ?? '#94a3b8';
          return (
            <div
              key={key ?? '__none'}
              className={activeStage === key ? 'lane lane-active' : 'lane'}
              data-testid={`lane-${key ?? 'none'}`}
              style={
                {
                  transform: `translate(${x}px, ${lane.top}px)`,
                  width,
                  height: lane.height,
                  '--lane': color,
                } as CSSProperties
              }
            >
              <div className="lane-label">
                <span className="lane-name">
                  <span className="lane-swatch" />
                  {lane.stage?.name ?? 'No stage'}
                </span>
                {!lane.stage && <span className="lane-hint">Steps here leave the stage as it is</span>}
              </div>
            </div>
          );
        })}
      </div>
    </ViewportPortal>
  );
});
