import { gammaln, hyp2f1, logAddExp } from './special.js';

/** BG/NBD parameters (Fader, Hardie and Lee 2005): purchase rate ~ Gamma(r, alpha), dropout ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A customer as the BG/NBD sees one: repeat purchases x, recency t_x and age T (same time unit). */
export interface Rfm {
  frequency: number;
  recency: number;
  T: number;
}

/** Customers grouped by identical (x, t_x, T), so a likelihood evaluation visits each once. */
export interface RfmGroups {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  count: Float64Array;
  maxFrequency: number;
}

export function groupRfm(customers: readonly Rfm[]): RfmGroups {
  const counts = new Map<string, { c: Rfm; n: number }>();
  for (const c of customers) {
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    const found = counts.get(key);
    if (found) found.n++;
    else counts.set(key, { c, n: 1 });
  }
  const size = counts.size;
  const groups: RfmGroups = {
    frequency: new Float64Array(size),
    recency: new Float64Array(size),
    T: new Float64Array(size),
    count: new Float64Array(size),
    maxFrequency: 0,
  };
  let i = 0;
  for (const { c, n } of counts.values()) {
    groups.frequency[i] = c.frequency;
    groups.recency[i] = c.recency;
    groups.T[i] = c.T;
    groups.count[i] = n;
    groups.maxFrequency = Math.max(groups.maxFrequency, c.frequency);
    i++;
  }
  return groups;
}

/**
 * The BG/NBD log-likelihood of all customers (FHL 2005, equation 6):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *        + ln[ (α+T)^−(r+x) + δ(x>0) a/(b+x−1) (α+t_x)^−(r+x) ].
 * Terms that depend on x alone are computed once per distinct x.
 */
export function bgnbdLogLikelihood({ r, alpha, a, b }: BgNbdParams, groups: RfmGroups): number {
  const maxX = groups.maxFrequency;
  const byX = new Float64Array(maxX + 1);
  const base = -gammaln(r) + r * Math.log(alpha) + gammaln(a + b) - gammaln(b);
  for (let x = 0; x <= maxX; x++) {
    byX[x] = base + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x);
  }
  let total = 0;
  const n = groups.count.length;
  for (let i = 0; i < n; i++) {
    const x = groups.frequency[i]!;
    const rx = r + x;
    const alive = -rx * Math.log(alpha + groups.T[i]!);
    const dropped =
      x > 0
        ? Math.log(a) - Math.log(b + x - 1) - rx * Math.log(alpha + groups.recency[i]!)
        : Number.NEGATIVE_INFINITY;
    total += groups.count[i]! * (byX[x]! + logAddExp(alive, dropped));
  }
  return total;
}

/** P(alive at T | x, t_x, T) (FHL 2005, equation 11). */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, c: Rfm): number {
  if (c.frequency === 0) return 1;
  const logRatio =
    Math.log(a / (b + c.frequency - 1)) + (r + c.frequency) * Math.log((alpha + c.T) / (alpha + c.recency));
  return 1 / (1 + Math.exp(logRatio));
}

/**
 * Expected purchases in the next `t` time units given the customer's history (FHL 2005,
 * equation 10). Valid for a ≠ 1; for a < 1 both factors are negative and the product is the
 * analytic continuation the literature uses.
 */
export function expectedPurchases({ r, alpha, a, b }: BgNbdParams, c: Rfm, t: number): number {
  if (t <= 0) return 0;
  const x = c.frequency;
  const z = t / (alpha + c.T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + c.T) / (alpha + c.T + t)) ** (r + x) * hyp);
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + c.T) / (alpha + c.recency)) ** (r + x) : 0);
  return numerator / denominator;
}
