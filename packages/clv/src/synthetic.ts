import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import type { CustomerSummary } from './summary.js';

export interface SyntheticOptions {
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  customers: number;
  /** Each customer's age T is drawn uniformly from [minT, maxT] (in the model's time unit). */
  minT: number;
  maxT: number;
  /** Uniform numbers in [0, 1): pass a seeded generator such as {@link seededRandom}. */
  random: () => number;
}

/**
 * Purchase histories drawn from the models' own story: each customer buys at a Poisson rate
 * λ ~ Gamma(r, α) from time 0 until T, and after each repeat purchase drops out for good with
 * probability p ~ Beta(a, b); each purchase's value ~ Gamma(p_gg, ν) with ν ~ Gamma(q, v).
 */
export function synthesize(options: SyntheticOptions): CustomerSummary[] {
  const { random } = options;
  const { r, alpha, a, b } = options.bgnbd;
  const gg = options.gammaGamma;
  const out: CustomerSummary[] = [];
  for (let i = 0; i < options.customers; i++) {
    const T = options.minT + random() * (options.maxT - options.minT);
    const lambda = gamma(r, random) / alpha;
    const ga = gamma(a, random);
    const dropout = ga / (ga + gamma(b, random));
    const nu = gamma(gg.q, random) / gg.v;
    let t = 0;
    let frequency = 0;
    let recency = 0;
    let spend = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (t > T) break;
      frequency++;
      recency = t;
      spend += gamma(gg.p, random) / nu;
      if (random() < dropout) break;
    }
    out.push({
      customerId: String(i + 1),
      frequency,
      recency,
      T,
      monetary: frequency > 0 ? spend / frequency : 0,
    });
  }
  return out;
}

/** A small seeded uniform generator (mulberry32), so synthetic data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000), boosted for shape < 1. */
function gamma(shape: number, random: () => number): number {
  if (shape < 1) return gamma(shape + 1, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
