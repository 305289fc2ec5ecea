import './experiments.css';
import { memo } from 'react';
import { percent } from './format';

/** What the split's card needs of each arm. */
export interface ArmRate {
  id: string;
  label: string;
  rate: number;
  ci: readonly [number, number];
}

/**
 * Each arm's conversion rate with a small bar of its interval, on one scale for all arms so
 * overlapping bars read as "not different yet". Plain elements: the canvas stays light.
 */
export const ArmRates = memo(function ArmRates({ arms }: { arms: readonly ArmRate[] }) {
  const top = Math.max(0.01, ...arms.map((arm) => arm.ci[1]));
  return (
    <ul className="arm-rates" data-testid="arm-rates">
      {arms.map((arm) => (
        <li key={arm.id} data-arm={arm.id}>
          <span className="arm-rates-label">{arm.label}</span>
          <span className="arm-rates-track" aria-hidden="true">
            <span
              className="arm-rates-ci"
              style={{
                left: `${(arm.ci[0] / top) * 100}%`,
                width: `${((arm.ci[1] - arm.ci[0]) / top) * 100}%`,
              }}
            />
            <span className="arm-rates-point" style={{ left: `${(arm.rate / top) * 100}%` }} />
          </span>
          <b title={`95% interval ${percent(arm.ci[0])} to ${percent(arm.ci[1])}`}>{percent(arm.rate)}</b>
        </li>
      ))}
    </ul>
  );
});
