import { gammaln } from './special.js';

/**
 * Gamma-Gamma spend parameters (Fader and Hardie, "The Gamma-Gamma Model of Monetary Value",
 * 2013): each purchase's value ~ Gamma(p, ν), and ν ~ Gamma(q, v) across customers.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** A repeat buyer as the spend model sees one: repeat purchases x and their mean value. */
export interface Spend {
  frequency: number;
  monetary: number;
}

/**
 * Log-likelihood of the repeat buyers' mean spends (the note's equation 4):
 * ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v + x m).
 * Customers without repeat purchases carry no spend information and must be left out.
 */
export function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParams, buyers: readonly Spend[]): number {
  let total = 0;
  const shared = -gammaln(q) + q * Math.log(v);
  const byX = new Map<number, number>();
  for (const { frequency: x, monetary: m } of buyers) {
    const px = p * x;
    let gammas = byX.get(x);
    if (gammas === undefined) {
      gammas = gammaln(px + q) - gammaln(px) + px * Math.log(x);
      byX.set(x, gammas);
    }
    total += gammas + shared + (px - 1) * Math.log(m) - (px + q) * Math.log(v + x * m);
  }
  return total;
}

/**
 * E[spend per purchase | x, m] (the note's equation 5): a weighted mean of the population mean
 * p v / (q − 1) and the customer's own mean m (the population mean alone without repeats).
 * Needs q > 1.
 */
export function expectedSpend({ p, q, v }: GammaGammaParams, buyer: Spend): number {
  return (p * (v + buyer.frequency * buyer.monetary)) / (p * buyer.frequency + q - 1);
}
