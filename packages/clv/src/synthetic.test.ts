import { seededRandom } from '@stagecraft/stats';
import { describe, expect, it } from 'vitest';
import { fitClv, MIN_REPEAT_BUYERS, synthesize } from './index.js';

const TRUE_BGNBD = { r: 0.5, alpha: 6, a: 0.9, b: 3 };
const TRUE_GG = { p: 5, q: 4, v: 20 };

describe('recovering known parameters from synthetic purchase histories', () => {
  it('fits 20,000 customers drawn from known parameters back within 15%', () => {
    const customers = synthesize({
      bgnbd: TRUE_BGNBD,
      gammaGamma: TRUE_GG,
      customers: 20_000,
      minT: 26,
      maxT: 78,
      random: seededRandom(17),
    });
    const fit = fitClv(customers);
    if (!fit.ok) throw new Error(fit.reason);
    const { bgnbd, gammaGamma } = fit.model;
    const fittedAll: Record<string, number> = { ...bgnbd, ...gammaGamma };
    for (const [name, truth] of Object.entries({ ...TRUE_BGNBD, ...TRUE_GG })) {
      const fitted = fittedAll[name]!;
      expect(Math.abs(fitted - truth) / truth, `${name}: fitted ${fitted}, true ${truth}`).toBeLessThan(0.15);
    }
  });

  it('says there are not enough repeat buyers instead of giving numbers', () => {
    const customers = synthesize({
      bgnbd: TRUE_BGNBD,
      gammaGamma: TRUE_GG,
      customers: 30,
      minT: 1,
      maxT: 2,
      random: seededRandom(3),
    });
    const fit = fitClv(customers);
    expect(fit).toMatchObject({ ok: false, reason: 'not enough repeat buyers', required: MIN_REPEAT_BUYERS });
  });
});
