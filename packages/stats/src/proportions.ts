import { normalQuantile, twoSidedP } from './normal';

/** Conversions out of entries for one arm. */
export interface Proportion {
  entered: number;
  converted: number;
}

/**
 * The Wilson score interval for a rate (Wilson 1927): stays inside [0, 1] and keeps its coverage
 * near 0 and 1 and for small samples, where the Wald interval fails. No entries: [0, 1].
 */
export function wilsonInterval({ entered, converted }: Proportion, confidence = 0.95): [number, number] {
  if (entered <= 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = converted / entered;
  const z2n = (z * z) / entered;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / entered + z2n / (4 * entered));
  // At 0% and 100% the bound is exactly 0 or 1; rounding would leave it a hair off.
  const low = converted <= 0 ? 0 : Math.max(0, centre - half);
  const high = converted >= entered ? 1 : Math.min(1, centre + half);
  return [low, high];
}

/** The outcome of comparing a treatment rate with a control rate. */
export interface TwoProportionTest {
  /** Treatment rate minus control rate. */
  difference: number;
  /** Pooled-variance z statistic; 0 when either arm is empty or the pooled rate is 0 or 1. */
  z: number;
  /** Two-sided p-value of the pooled z-test; 1 when there is nothing to test. */
  pValue: number;
  /** Wald interval of the difference with unpooled variance. */
  differenceCi: [number, number];
  /** Unpooled variance of the difference, for the sequential test. */
  variance: number;
}

/**
 * The two-proportion z-test with pooled variance under H0: p_t = p_c (two-sided), and the
 * unpooled Wald interval of p_t - p_c. Both need every expected count to be about 5 or more.
 */
export function twoProportionTest(
  treatment: Proportion,
  control: Proportion,
  confidence = 0.95,
): TwoProportionTest {
  if (treatment.entered <= 0 || control.entered <= 0) {
    return { difference: 0, z: 0, pValue: 1, differenceCi: [-1, 1], variance: Number.NaN };
  }
  const pt = treatment.converted / treatment.entered;
  const pc = control.converted / control.entered;
  const difference = pt - pc;
  const pooled = (treatment.converted + control.converted) / (treatment.entered + control.entered);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / treatment.entered + 1 / control.entered));
  const z = pooledSe > 0 ? difference / pooledSe : 0;
  const variance = (pt * (1 - pt)) / treatment.entered + (pc * (1 - pc)) / control.entered;
  const half = normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(variance);
  return {
    difference,
    z,
    pValue: pooledSe > 0 ? twoSidedP(z) : 1,
    differenceCi: clampDifference(difference - half, difference + half),
    variance,
  };
}

/** An interval of a difference of rates, cut to [-1, 1]: no difference of rates lies outside. */
export function clampDifference(low: number, high: number): [number, number] {
  return [Math.max(-1, low), Math.min(1, high)];
}
