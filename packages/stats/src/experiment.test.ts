import { describe, expect, it } from 'vitest';
import { type ArmCounts, analyzeExperiment } from './experiment';

const plan = { baseline: 0.2, minimumDetectableEffect: 0.1, power: 0.8, alpha: 0.05 };
const arm = (id: string, entered: number, converted: number, weight: number, holdout = false): ArmCounts => ({
  id,
  label: holdout ? 'Holdout' : `Subject ${id.toUpperCase()}`,
  weight,
  holdout,
  entered,
  converted,
});

describe('analyzeExperiment', () => {
  it('compares each arm with the control and all arms with the holdout', () => {
    const result = analyzeExperiment({
      arms: [arm('a', 1520, 311, 45), arm('b', 1480, 350, 45), arm('holdout', 330, 50, 10, true)],
      control: 'a',
      plan,
    });
    expect(result.arms[0]).toMatchObject({ rate: 311 / 1520 });
    expect(result.arms[0]!.ci[0]).toBeCloseTo(0.1851, 4);
    expect(result.comparisons.map((c) => [c.arm, c.against])).toEqual([
      ['b', 'a'],
      ['all', 'holdout'],
    ]);
    const [b, all] = result.comparisons;
    expect(b!.lift).toBeCloseTo(350 / 1480 - 311 / 1520, 12);
    expect(b!.relativeLift).toBeCloseTo((350 / 1480 - 311 / 1520) / (311 / 1520), 12);
    expect(b!.pValue).toBeCloseTo(0.035173170106626475, 10);
    // Holm: the smaller p-value is doubled, the larger kept (and never below the first).
    const [small, large] = [b!.pValue, all!.pValue].sort((x, y) => x - y);
    expect(Math.min(b!.pValueAdjusted, all!.pValueAdjusted)).toBeCloseTo(Math.min(1, 2 * small!), 12);
    expect(Math.max(b!.pValueAdjusted, all!.pValueAdjusted)).toBeCloseTo(Math.max(2 * small!, large!), 12);
    expect(b!.probabilityBest).toBeCloseTo(0.9823777025646683, 8);
    expect(b!.sequential.pValue).toBeGreaterThan(b!.pValue);
    expect(result.overall.df).toBe(1);
    expect(result.srm).toMatchObject({ df: 2, flagged: false });
    expect(result.sampleSize).toEqual({ plannedPerArm: 6510, smallestArm: 1480, reached: false });
    expect(result.verdict).toBe(
      'Subject B converts 3.2 points better than Subject A (95% interval 0.2 to 6.2), but the planned sample is not reached: keep it running.',
    );
  });

  it('declares a winner once the planned sample is reached, using Holm-adjusted p-values', () => {
    const result = analyzeExperiment({
      arms: [arm('a', 7000, 1400, 50), arm('b', 7000, 1560, 50)],
      control: 'a',
      plan,
    });
    expect(result.sampleSize.reached).toBe(true);
    expect(result.verdict).toMatch(
      /^Subject B converts 2\.3 points better than Subject A \(95% interval .*\): Subject B wins\.$/,
    );
  });

  it('lets the sequential test call a clear winner early', () => {
    const result = analyzeExperiment({
      arms: [arm('a', 2000, 200, 50), arm('b', 2000, 400, 50)],
      control: 'a',
      plan,
    });
    expect(result.sampleSize.reached).toBe(false);
    expect(result.comparisons[0]!.sequential.pValue).toBeLessThan(0.05);
    expect(result.verdict).toContain(
      'confirmed by the always-valid test before the planned sample: Subject B wins.',
    );
  });

  it('flags a sample ratio mismatch before anything else', () => {
    const result = analyzeExperiment({
      arms: [arm('a', 1000, 100, 50), arm('b', 1200, 120, 50)],
      control: 'a',
      plan,
    });
    expect(result.srm.flagged).toBe(true);
    expect(result.srm.pValue).toBeLessThan(0.001);
    expect(result.verdict).toMatch(/^Entries do not match the weights/);
  });

  it('uses the control chosen, and the first arm when it is unknown', () => {
    const arms = [arm('a', 100, 10, 50), arm('b', 100, 20, 50)];
    expect(analyzeExperiment({ arms, control: 'b', plan }).comparisons[0]).toMatchObject({
      arm: 'a',
      against: 'b',
    });
    expect(analyzeExperiment({ arms, control: 'gone', plan }).control).toBe('a');
  });

  it('copes with no entries, zero conversions, everyone converting, an empty arm and one arm', () => {
    const nobody = analyzeExperiment({ arms: [arm('a', 0, 0, 50), arm('b', 0, 0, 50)], control: 'a', plan });
    expect(nobody.verdict).toBe('Nobody has entered the split yet.');
    expect(nobody.arms[0]).toMatchObject({ rate: 0, ci: [0, 1] });
    const zero = analyzeExperiment({
      arms: [arm('a', 100, 0, 50), arm('b', 100, 0, 50)],
      control: 'a',
      plan,
    });
    expect(zero.comparisons[0]).toMatchObject({ lift: 0, pValue: 1, relativeLift: null });
    expect(zero.overall.pValue).toBe(1);
    const everyone = analyzeExperiment({
      arms: [arm('a', 100, 100, 50), arm('b', 90, 90, 50)],
      control: 'a',
      plan,
    });
    expect(everyone.comparisons[0]).toMatchObject({ lift: 0, pValue: 1 });
    expect(everyone.arms[1]!.ci[1]).toBe(1);
    const empty = analyzeExperiment({
      arms: [arm('a', 100, 10, 50), arm('b', 0, 0, 50)],
      control: 'a',
      plan,
    });
    expect(empty.comparisons[0]).toMatchObject({ pValue: 1, liftCi: [-1, 1] });
    expect(empty.sampleSize.smallestArm).toBe(0);
    const one = analyzeExperiment({ arms: [arm('a', 100, 10, 100)], control: 'a', plan });
    expect(one.comparisons).toEqual([]);
    expect(one.verdict).toBe('Only one arm and no holdout: there is nothing to compare.');
    const oneWithHoldout = analyzeExperiment({
      arms: [arm('a', 900, 180, 90), arm('holdout', 100, 10, 10, true)],
      control: 'a',
      plan,
    });
    expect(oneWithHoldout.comparisons).toHaveLength(1);
    expect(oneWithHoldout.verdict).toMatch(/^The journey converts 10\.0 points better than Holdout/);
  });
});
