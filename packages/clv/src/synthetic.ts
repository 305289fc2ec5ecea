import { gammaDraw, type Random } from '@stagecraft/stats';
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
  /** Uniform numbers: a seeded generator (`seededRandom` of @stagecraft/stats), so data repeat. */
  random: Random;
}

/**
 * Purchase histories drawn from the models' own story: each customer buys at a Poisson rate
 * λ ~ Gamma(r, α) from time 0 until T, and after each repeat purchase drops out for good with
 * probability p ~ Beta(a, b); each purchase's value ~ Gamma(p_gg, ν) with ν ~ Gamma(q, v).
 */
export function synthesize(options: SyntheticOptions): CustomerSummary[] {
  const random = () => options.random.next();
  const gamma = (shape: number) => gammaDraw(options.random, shape);
  const { r, alpha, a, b } = options.bgnbd;
  const gg = options.gammaGamma;
  const out: CustomerSummary[] = [];
  for (let i = 0; i < options.customers; i++) {
    const T = options.minT + random() * (options.maxT - options.minT);
    const lambda = gamma(r) / alpha;
    const ga = gamma(a);
    const dropout = ga / (ga + gamma(b));
    const nu = gamma(gg.q) / gg.v;
    let t = 0;
    let frequency = 0;
    let recency = 0;
    let spend = 0;
    for (;;) {
      t += -Math.log(1 - random()) / lambda;
      if (t > T) break;
      frequency++;
      recency = t;
      spend += gamma(gg.p) / nu;
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
