import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { customerValue, fitClv, type Purchase, summarize } from './index.js';

/** The CDNOW 1/10th sample (see fixtures/cdnow/README.md for its source and published fits). */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cdnow');

function cdnowPurchases(): Purchase[] {
  return readFileSync(join(FIXTURES, 'CDNOW_sample.txt'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, date, , amount] = line.trim().split(/\s+/);
      return {
        customerId: id!,
        day: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
        amount: Number(amount),
      };
    });
}

function publishedSummary() {
  const [, ...rows] = readFileSync(join(FIXTURES, 'cdnow_summary_calibration.csv'), 'utf8')
    .trim()
    .split('\n');
  return new Map(
    rows.map((row) => {
      const [id, x, tx, T, zbar] = row.split(',').map(Number);
      return [String(id), { x: x!, tx: tx!, T: T!, zbar: zbar! }];
    }),
  );
}

describe('CDNOW calibration (1997-01-01 to 1997-09-30, weeks)', () => {
  const summaries = summarize(cdnowPurchases(), '1997-09-30', 'weeks');

  it('summarises every customer as the published calibration summary does', () => {
    const published = publishedSummary();
    expect(summaries).toHaveLength(2357);
    for (const s of summaries) {
      const p = published.get(String(Number(s.customerId)))!;
      expect(s.frequency).toBe(p.x);
      expect(Math.abs(s.recency - p.tx)).toBeLessThan(0.006);
      expect(Math.abs(s.T - p.T)).toBeLessThan(0.006);
      expect(Math.abs(s.monetary - p.zbar)).toBeLessThan(0.006);
    }
  });

  it('lands on the published BG/NBD and Gamma-Gamma parameters (within 1%)', () => {
    const fit = fitClv(summaries);
    if (!fit.ok) throw new Error(fit.reason);
    const { bgnbd, gammaGamma } = fit.model;
    // FHL 2005: r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4; the note: p 6.25, q 3.74, v 15.44.
    const within = (value: number, published: number, tolerance = 0.01) =>
      expect(Math.abs(value - published) / published).toBeLessThan(tolerance);
    within(bgnbd.r, 0.243);
    within(bgnbd.alpha, 4.414);
    within(bgnbd.a, 0.793);
    within(bgnbd.b, 2.426);
    expect(Math.abs(bgnbd.logLikelihood - -9582.4)).toBeLessThan(0.5);
    expect(gammaGamma.customers).toBe(946);
    within(gammaGamma.p, 6.25);
    within(gammaGamma.q, 3.74);
    within(gammaGamma.v, 15.44);
  });

  it('predicts what the paper reports for its worked customer', () => {
    const fit = fitClv(summaries);
    if (!fit.ok) throw new Error(fit.reason);
    // FHL 2005, section 5: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in the next 39 weeks.
    const value = customerValue(
      fit.model,
      { customerId: '1', frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 },
      39,
    );
    expect(value.expectedPurchases).toBeCloseTo(1.226, 2);
    expect(value.probabilityAlive).toBeGreaterThan(0.5);
    expect(value.probabilityAlive).toBeLessThan(1);
    expect(value.predicted).toBeCloseTo(value.expectedPurchases * value.expectedSpend, 10);
  });
});
