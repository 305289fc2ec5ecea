import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from './helper';

/** The CDNOW sample kept beside the CLV package (packages/clv/fixtures/cdnow/README.md). */
const CDNOW = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'packages',
  'clv',
  'fixtures',
  'cdnow',
  'CDNOW_sample.txt',
);

/** Every CDNOW transaction as an `Order Completed` track call on its own (1997-98) day. */
function cdnowMessages() {
  return readFileSync(CDNOW, 'utf8')
    .trim()
    .split('\n')
    .map((line, i) => {
      const [, id, date, , amount] = line.trim().split(/\s+/);
      return {
        type: 'track',
        userId: `cdnow-${id}`,
        messageId: `cdnow-line-${i}`,
        event: 'Order Completed',
        properties: { revenue: Number(amount) },
        timestamp: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}T12:00:00Z`,
      };
    });
}

describe.each(testDatabaseKinds())('customer lifetime value on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  const fit = (payload: object) => t.api({ method: 'POST', url: '/api/analytics/clv/fit', payload });

  it('has no model before the first fit, and says there are not enough repeat buyers', async () => {
    expect((await t.api({ method: 'GET', url: '/api/analytics/clv/model' })).statusCode).toBe(404);
    const response = await fit({});
    expect(response.statusCode).toBe(422);
    const { error } = response.json();
    expect(error).toMatchObject({ code: 'clv-unfittable', repeatBuyers: 0, required: 20 });
    expect(error.message).toContain('Not enough repeat buyers');
  });

  it('refuses an observation end that is not a calendar day, naming the field', async () => {
    const response = await fit({ observationEnd: '1997-02-30' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('observationEnd');
  });

  it('imports CDNOW through /v1/batch on its own dates and lands on the published parameters', async () => {
    const messages = cdnowMessages();
    expect(messages).toHaveLength(6919);
    for (let i = 0; i < messages.length; i += 2500) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: basic(WRITE_KEY) },
        payload: { batch: messages.slice(i, i + 2500) },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    const response = await fit({ observationEnd: '1997-09-30', timeUnit: 'weeks' });
    expect(response.statusCode, response.body).toBe(200);
    const model = response.json();
    expect(model).toMatchObject({ observationEnd: '1997-09-30', timeUnit: 'weeks', customers: 2357 });
    // Fader, Hardie and Lee (2005) and the Gamma-Gamma note, within 1%.
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, v: 15.44 };
    const fitted: Record<string, number> = { ...model.bgnbd, ...model.gammaGamma };
    for (const [name, value] of Object.entries(published)) {
      expect(Math.abs(fitted[name]! - value) / value, name).toBeLessThan(0.01);
    }
    expect(model.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(model.gammaGamma.customers).toBe(946);
    const current = await t.api({ method: 'GET', url: '/api/analytics/clv/model' });
    expect(current.json()).toEqual(model);
  });

  it('shows a customer historical and predicted value on the customer page', async () => {
    await t.runtime.drain();
    // Customer 0001 bought on 1997-01-01, 1997-01-18, 1997-08-02 and 1997-12-12.
    const response = await t.api({ method: 'GET', url: '/api/customers/cdnow-0001' });
    expect(response.statusCode, response.body).toBe(200);
    const { clv } = response.json();
    expect(clv.historical).toBeCloseTo(29.33 + 29.73 + 14.96 + 26.48, 2);
    expect(clv.horizonDays).toBe(365);
    // Seen from 2030 the customer is long gone: nearly no purchases to come.
    expect(clv.probabilityAlive).toBeGreaterThan(0);
    expect(clv.probabilityAlive).toBeLessThan(0.1);
    expect(clv.expectedPurchases).toBeGreaterThan(0);
    // Predicted value is expected purchases times the Gamma-Gamma spend of 3 repeats averaging m.
    const { gammaGamma: g } = (await t.api({ method: 'GET', url: '/api/analytics/clv/model' })).json();
    const m = (29.73 + 14.96 + 26.48) / 3;
    const spend = (g.p * (g.v + 3 * m)) / (g.p * 3 + g.q - 1);
    expect(clv.predicted).toBeCloseTo(clv.expectedPurchases * spend, 6);
  });
});
