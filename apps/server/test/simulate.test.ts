import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper';

/** Entered by hand, then tag and wait one minute, round and round. */
const loopingJourney = journeyDoc(
  [
    node('manual', 'api-trigger'),
    node('mark', 'tag', { op: 'add', tag: 'looping' }),
    node('pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'minutes' } }),
  ],
  [edge('manual', 'mark'), edge('mark', 'pause'), edge('pause', 'mark')],
);

const looping = (customers = 1) => ({
  document: loopingJourney,
  start: '2026-03-02T09:00:00Z',
  steps: [
    ...Array.from({ length: customers }, (_, i) => ({ type: 'enter', customerId: `c${i}` })),
    { type: 'advance', amount: 400, unit: 'days' },
  ],
});

describe.each(testDatabaseKinds())('simulation limits on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  it('stops a journey looping through a short wait with a 422 that names the limit and the fix', async () => {
    const response = await t.api({ method: 'POST', url: '/api/simulate', payload: looping() });
    expect(response.statusCode, response.body).toBe(422);
    const { error } = response.json();
    expect(error).toMatchObject({ code: 'simulation-too-large', limit: 'effects', max: 50_000 });
    expect(error.message).toBe(
      'The simulation produced more than 50,000 effects; simulate fewer customers or days.',
    );
  });

  it('keeps answering /health while a simulation runs', async () => {
    let simulated = false;
    const simulation = t
      .api({ method: 'POST', url: '/api/simulate', payload: looping(20) })
      .then((response) => {
        simulated = true;
        return response;
      });
    const health = await t.app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(simulated).toBe(false);
    expect((await simulation).statusCode).toBe(422);
  });

  it('still simulates a journey within its limits after one was stopped', async () => {
    const response = await t.api({
      method: 'POST',
      url: '/api/simulate',
      payload: {
        ...looping(),
        steps: [
          { type: 'enter', customerId: 'ann' },
          { type: 'advance', amount: 1, unit: 'hours' },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().steps[1].report.customers.ann.profile.tags).toEqual(['looping']);
  });
});

describe.each(testDatabaseKinds())('simulation queue on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, { STAGECRAFT_SIMULATION_WORKERS: '1', STAGECRAFT_SIMULATION_QUEUE: '0' });
  });
  afterAll(() => t.close());

  it('answers 503 with Retry-After while every worker is busy and the queue is full', async () => {
    // inject() starts a request when it is awaited or given a then().
    const first = t.api({ method: 'POST', url: '/api/simulate', payload: looping() }).then((r) => r);
    const second = await t.api({ method: 'POST', url: '/api/simulate', payload: looping() });
    expect(second.statusCode).toBe(503);
    expect(second.headers['retry-after']).toBe('10');
    expect(second.json().error.code).toBe('simulations-busy');
    expect((await first).statusCode).toBe(422);
  });
});
