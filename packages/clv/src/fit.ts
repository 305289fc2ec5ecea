import {
  type BgNbdParams,
  bgnbdLogLikelihood,
  expectedPurchases,
  groupRfm,
  probabilityAlive,
} from './bgnbd.js';
import { expectedSpend, type GammaGammaParams, gammaGammaLogLikelihood } from './gamma-gamma.js';
import { type Minimum, nelderMead } from './nelder-mead.js';
import type { CustomerSummary } from './summary.js';

/** Fewest customers with a repeat purchase that a fit accepts: below this the estimates are noise. */
export const MIN_REPEAT_BUYERS = 20;

export interface ClvModel {
  customers: number;
  bgnbd: BgNbdParams & { logLikelihood: number };
  gammaGamma: GammaGammaParams & { customers: number };
}

export type ClvFit =
  | { ok: true; model: ClvModel }
  | { ok: false; reason: 'not enough repeat buyers'; repeatBuyers: number; required: number }
  | { ok: false; reason: 'no convergence'; message: string };

/** Fits the BG/NBD model by maximum likelihood; parameters are searched as logs so they stay positive. */
export function fitBgNbd(customers: readonly CustomerSummary[]): {
  params: BgNbdParams;
  logLikelihood: number;
  search: Minimum;
} {
  const groups = groupRfm(customers);
  const n = customers.length;
  const toParams = (x: number[]): BgNbdParams => ({
    r: Math.exp(x[0]!),
    alpha: Math.exp(x[1]!),
    a: Math.exp(x[2]!),
    b: Math.exp(x[3]!),
  });
  // The mean inter-purchase time is a good scale for alpha whatever the time unit.
  const start = [0, Math.log(Math.max(1e-3, meanAge(customers))), 0, 0];
  const search = nelderMead((x) => -bgnbdLogLikelihood(toParams(x), groups) / n, start);
  const params = toParams(search.x);
  return { params, logLikelihood: bgnbdLogLikelihood(params, groups), search };
}

/** Fits the Gamma-Gamma spend model on the customers with at least one repeat purchase. */
export function fitGammaGamma(customers: readonly CustomerSummary[]): {
  params: GammaGammaParams;
  customers: number;
  search: Minimum;
} {
  const buyers = customers.filter((c) => c.frequency > 0 && c.monetary > 0);
  const n = buyers.length;
  const toParams = (x: number[]): GammaGammaParams => ({
    p: Math.exp(x[0]!),
    q: Math.exp(x[1]!),
    v: Math.exp(x[2]!),
  });
  const meanSpend = buyers.reduce((s, b) => s + b.monetary, 0) / Math.max(1, n);
  const start = [0, Math.log(2), Math.log(Math.max(1e-3, meanSpend))];
  const search = nelderMead((x) => -gammaGammaLogLikelihood(toParams(x), buyers) / n, start);
  return { params: toParams(search.x), customers: n, search };
}

/** Both models, or the reason the data cannot support them. */
export function fitClv(customers: readonly CustomerSummary[]): ClvFit {
  const repeatBuyers = customers.filter((c) => c.frequency > 0 && c.monetary > 0).length;
  if (repeatBuyers < MIN_REPEAT_BUYERS) {
    return { ok: false, reason: 'not enough repeat buyers', repeatBuyers, required: MIN_REPEAT_BUYERS };
  }
  const bg = fitBgNbd(customers);
  const gg = fitGammaGamma(customers);
  const values = [...Object.values(bg.params), ...Object.values(gg.params), bg.logLikelihood];
  if (!bg.search.converged || !gg.search.converged || !values.every(Number.isFinite)) {
    return {
      ok: false,
      reason: 'no convergence',
      message: 'the likelihood has no finite maximum on this data',
    };
  }
  if (gg.params.q <= 1) {
    return {
      ok: false,
      reason: 'no convergence',
      message: 'spend varies too much between customers (q <= 1)',
    };
  }
  return {
    ok: true,
    model: {
      customers: customers.length,
      bgnbd: { ...bg.params, logLikelihood: bg.logLikelihood },
      gammaGamma: { ...gg.params, customers: gg.customers },
    },
  };
}

export interface CustomerValue {
  expectedPurchases: number;
  probabilityAlive: number;
  expectedSpend: number;
  /** Expected purchases in the horizon times expected spend per purchase (undiscounted). */
  predicted: number;
}

/** One customer's prediction for the next `horizon` time units (the model's unit). */
export function customerValue(model: ClvModel, customer: CustomerSummary, horizon: number): CustomerValue {
  const purchases = expectedPurchases(model.bgnbd, customer, horizon);
  const spend = expectedSpend(model.gammaGamma, customer);
  return {
    expectedPurchases: purchases,
    probabilityAlive: probabilityAlive(model.bgnbd, customer),
    expectedSpend: spend,
    predicted: purchases * spend,
  };
}

function meanAge(customers: readonly CustomerSummary[]): number {
  const buyers = customers.filter((c) => c.frequency > 0);
  if (buyers.length === 0) return 1;
  return buyers.reduce((s, c) => s + c.recency / c.frequency, 0) / buyers.length;
}
