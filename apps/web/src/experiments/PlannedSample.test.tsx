// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ArmRates } from './ArmRates';
import { PlannedSample } from './PlannedSample';

afterEach(cleanup);

const config = {
  arms: [
    { id: 'a', weight: 50 },
    { id: 'b', weight: 50 },
  ],
  holdout: { enabled: true, percent: 10 },
  plan: { baselinePercent: 10, minimumDetectableEffectPercent: 30, powerPercent: 80, alphaPercent: 5 },
};

describe('planned sample in the split form', () => {
  it('shows the sample per arm and the days left at the entry rate', () => {
    // 1,774 per arm; the smallest arm gets 45% of 200 a day = 90 a day; 774 to go -> 9 days.
    render(<PlannedSample config={config} entriesPerDay={200} smallestArm={1000} />);
    expect(screen.getByTestId('planned-sample').textContent).toBe(
      "Planned sample: 1,774 customers per arm. About 9 more days at the last week's 200 entries a day.",
    );
  });

  it('waits for entries before promising a duration, and refuses a plan past 100%', () => {
    render(<PlannedSample config={config} entriesPerDay={null} smallestArm={0} />);
    expect(screen.getByTestId('planned-sample').textContent).toContain('shows once customers enter');
    cleanup();
    render(
      <PlannedSample
        config={{ ...config, plan: { baselinePercent: 90, minimumDetectableEffectPercent: 20 } }}
        entriesPerDay={10}
        smallestArm={0}
      />,
    );
    expect(screen.getByTestId('planned-sample').textContent).toContain('No sample can detect this effect');
  });
});

describe('arm rates on the split card', () => {
  it('shows each rate with its interval on one scale', () => {
    render(
      <ArmRates
        arms={[
          { id: 'a', label: 'Subject A', rate: 0.1, ci: [0.08, 0.12] },
          { id: 'b', label: 'Subject B', rate: 0.2, ci: [0.15, 0.25] },
        ]}
      />,
    );
    const rows = screen.getByTestId('arm-rates').querySelectorAll('li');
    expect([...rows].map((row) => row.textContent)).toEqual(['Subject A10.0%', 'Subject B20.0%']);
    const bar = rows[1]!.querySelector<HTMLElement>('.arm-rates-ci')!;
    expect(bar.style.left).toBe('60%');
    expect(bar.style.width).toBe('40%');
  });
});
