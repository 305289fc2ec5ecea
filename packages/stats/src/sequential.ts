import { normalQuantile } from './normal';
import { clampDifference } from './proportions';

/** An always-valid p-value and confidence sequence for a difference of rates. */
export interface SequentialResult {
  pValue: number;
  differenceCi: [number, number];
}

/**
 * The mixture tuning ρ² for which the confidence sequence is narrowest when the pair has
 * `plannedTotal` customers (Howard et al. 2021, eq. for the normal mixture; GrowthBook's
 * "sequential tuning parameter"): ρ² = (-2 ln α + ln(1 - 2 ln α)) / N*.
 */
export function mixtureRho2(plannedTotal: number, alpha: number): number {
  const l = -2 * Math.log(alpha);
  return (l + Math.log(1 + l)) / Math.max(1, plannedTotal);
}

/**
 * The normal-mixture sequential test (mSPRT, Robbins 1970; Johari et al. 2017) of a difference
 * `difference` with estimated variance `variance` after `total` customers in the pair. With
 * N ρ² = n and z = difference / √variance, the mixture likelihood ratio is
 * Λ = exp(z² n / (2 (1 + n))) / √(1 + n); p = min(1, 1/Λ) is valid at any time a team chooses
 * to look (Ville's inequality), and the confidence sequence at level α is
 * difference ± √variance · √((1 + n)/n · (ln(1 + n) - 2 ln α)), the set of effects whose p-value
 * exceeds α. It rests on the central limit theorem, so very small samples are approximate.
 */
export function sequentialTest(
  difference: number,
  variance: number,
  total: number,
  plannedTotal: number,
  alpha: number,
): SequentialResult {
  if (!(variance > 0) || total <= 0) return { pValue: 1, differenceCi: [-1, 1] };
  const n = total * mixtureRho2(plannedTotal, alpha);
  const z2 = (difference * difference) / variance;
  const logLambda = (z2 * n) / (2 * (1 + n)) - 0.5 * Math.log(1 + n);
  const pValue = Math.min(1, Math.exp(-logLambda));
  const half = Math.sqrt(variance) * Math.sqrt(((1 + n) / n) * (Math.log(1 + n) - 2 * Math.log(alpha)));
  return { pValue, differenceCi: clampDifference(difference - half, difference + half) };
}

/** What planning an experiment needs: all rates as fractions (0.1 = 10%). */
export interface SamplePlan {
  /** The control's expected rate. */
  baseline: number;
  /** The smallest relative change worth detecting: 0.1 = 10% better than the baseline. */
  minimumDetectableEffect: number;
  /** Chance of detecting that change when it is real, e.g. 0.8. */
  power: number;
  /** Two-sided false-positive rate, e.g. 0.05. */
  alpha: number;
}

/**
 * Customers per arm for a two-sided two-proportion z-test (Fleiss, without continuity
 * correction): n = (z₁₋α/₂ √(2 p̄ q̄) + z₁₋β √(p₁q₁ + p₂q₂))² / (p₂ - p₁)², rounded up, with
 * p₂ = p₁ (1 + MDE) and p̄ their mean. Null when the plan cannot be met (p₂ outside (0, 1)).
 */
export function plannedSamplePerArm(plan: SamplePlan): number | null {
  const p1 = plan.baseline;
  const p2 = p1 * (1 + plan.minimumDetectableEffect);
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1 && p2 !== p1)) return null;
  if (!(plan.alpha > 0 && plan.alpha < 1 && plan.power > 0 && plan.power < 1)) return null;
  const zAlpha = normalQuantile(1 - plan.alpha / 2);
  const zBeta = normalQuantile(plan.power);
  const mean = (p1 + p2) / 2;
  const root = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (p2 - p1) ** 2);
}
