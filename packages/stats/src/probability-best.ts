import { logBeta } from './gamma';
import { normalCdf } from './normal';
import type { Proportion } from './proportions';
import { betaDraw, seededRandom } from './random';

/**
 * Monte Carlo draws per arm: the estimate's standard error is at most 0.5/√draws = 0.0025, so it
 * lies within 0.0065 of the exact value with 99% probability.
 */
export const BEST_DRAWS = 40_000;
/** Past this many terms the two-arm sum is replaced by its normal approximation, already exact to 1e-4. */
const EXACT_TERMS = 50_000;

/**
 * For each arm, the posterior probability that its rate is the highest, with independent
 * Beta(1, 1) priors (so Beta(1 + converted, 1 + entered - converted) posteriors). Exact for two
 * arms; for more, Monte Carlo with a fixed seed, so the same counts always give the same answer.
 */
export function probabilityBest(arms: readonly Proportion[], seed = 1): number[] {
  if (arms.length === 0) return [];
  if (arms.length === 1) return [1];
  const posteriors = arms.map((arm) => ({
    a: 1 + Math.max(0, arm.converted),
    b: 1 + Math.max(0, arm.entered - arm.converted),
  }));
  if (posteriors.length === 2) {
    const second = probabilityGreater(posteriors[1]!, posteriors[0]!);
    return [1 - second, second];
  }
  const random = seededRandom(seed);
  const wins = new Array<number>(posteriors.length).fill(0);
  for (let draw = 0; draw < BEST_DRAWS; draw++) {
    let best = 0;
    let bestValue = -1;
    posteriors.forEach(({ a, b }, arm) => {
      const value = betaDraw(random, a, b);
      if (value > bestValue) {
        bestValue = value;
        best = arm;
      }
    });
    wins[best]!++;
  }
  return wins.map((count) => count / BEST_DRAWS);
}

/**
 * P(X > Y) for X ~ Beta(x.a, x.b), Y ~ Beta(y.a, y.b) with integer x.a (Evan Miller's closed
 * form): Σ_{i=0}^{x.a-1} B(y.a + i, y.b + x.b) / ((x.b + i) B(1 + i, x.b) B(y.a, y.b)).
 * The sum runs over the smaller of the two first parameters.
 */
function probabilityGreater(x: { a: number; b: number }, y: { a: number; b: number }): number {
  if (x.a > y.a) return 1 - probabilityGreater(y, x);
  if (x.a > EXACT_TERMS) return normalGreater(x, y);
  const constant = logBeta(y.a, y.b);
  let total = 0;
  for (let i = 0; i < x.a; i++) {
    total += Math.exp(logBeta(y.a + i, y.b + x.b) - Math.log(x.b + i) - logBeta(1 + i, x.b) - constant);
  }
  return Math.min(1, Math.max(0, total));
}

/** P(X > Y) with both posteriors replaced by normals of the same mean and variance. */
function normalGreater(x: { a: number; b: number }, y: { a: number; b: number }): number {
  const mean = (p: { a: number; b: number }) => p.a / (p.a + p.b);
  const variance = (p: { a: number; b: number }) => (p.a * p.b) / ((p.a + p.b) ** 2 * (p.a + p.b + 1));
  return normalCdf((mean(x) - mean(y)) / Math.sqrt(variance(x) + variance(y)));
}
