import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { journeyTemplates } from '@stagecraft/journeys';
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
      'The simulation produced more than 50,000 effects to report; simulate fewer customers or days, or ask for counts only ("report": "summary").',
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

/** The seeded A/B subject test: a random split with holdout, emails, a 7-day goal window. */
const abTest = journeyTemplates.find((template) => template.id === 'ab-subject-test')!.document;

/** Signs up, then a CRM lookup: success sends a welcome, failure a fallback. */
const lookupJourney = journeyDoc(
  [
    node('signup', 'event-trigger', { event: 'user.signed_up' }),
    node('lookup', 'http-request', { method: 'GET', url: 'https://crm.example.com/lookup' }),
    node('pause', 'wait', { mode: 'duration', duration: { amount: 2, unit: 'days' } }),
    node('vip', 'condition', {
      rules: { all: [{ field: 'response.lookup.tier', operator: 'equals', value: 'gold' }] },
    }),
    node('gold', 'send-message', { channel: 'sms', name: 'Gold', body: 'Gold' }),
    node('plain', 'send-message', { channel: 'sms', name: 'Plain', body: 'Plain' }),
    node('sorry', 'send-message', { channel: 'sms', name: 'Sorry', body: 'Sorry' }),
  ],
  [
    edge('signup', 'lookup'),
    edge('lookup', 'pause', 'success'),
    edge('lookup', 'sorry', 'failure'),
    edge('pause', 'vip'),
    edge('vip', 'gold', 'yes'),
    edge('vip', 'plain', 'no'),
  ],
);

describe.each(testDatabaseKinds())('large simulations, answers and versions on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  const simulate = (payload: object) => t.api({ method: 'POST', url: '/api/simulate', payload });
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: `c${i}`, traits: { first_name: `C${i}` } }));

  it('runs 10,000 customers through the seeded A/B test and answers counts only', async () => {
    const response = await simulate({
      document: abTest,
      start: '2026-03-02T09:00:00Z',
      customers: many(10_000),
      report: 'summary',
      steps: [
        { type: 'track', event: 'user.signed_up' },
        { type: 'advance', amount: 8, unit: 'days' },
      ],
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const { initial, steps } = response.json();
    expect(initial).toMatchObject({ customers: 10_000, runs: { active: 0 } });
    const last = steps[1].report;
    expect(last.customers).toBe(10_000);
    expect(last.nodes['subject-split'].entered).toBe(10_000);
    const a = last.nodes['email-a'].entered;
    const b = last.nodes['email-b'].entered;
    // 45/45/10: each arm within a few percent of its share of 10,000.
    expect(Math.abs(a - 4_500)).toBeLessThan(300);
    expect(Math.abs(b - 4_500)).toBeLessThan(300);
    expect(last.effects.send).toBe(a + b);
    expect(last.customers).toBe(10_000);
    expect(JSON.stringify(last)).not.toContain('"c1"');
  });

  it('refuses more than 10,000 customers, and a full report whose effects pass the limit', async () => {
    const tooMany = await simulate({ document: abTest, customers: many(10_001) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('customers');
    const full = await simulate({
      document: abTest,
      customers: many(10_000),
      steps: [{ type: 'track', event: 'user.signed_up' }],
    });
    expect(full.statusCode).toBe(422);
    expect(full.json().error).toMatchObject({ code: 'simulation-too-large', limit: 'effects' });
    expect(full.json().error.message).toContain('summary');
  });

  it('answers HTTP steps as the request says, per node and per customer', async () => {
    const response = await simulate({
      document: lookupJourney,
      start: '2026-03-02T09:00:00Z',
      customers: many(3),
      answers: [
        { nodeId: 'lookup', status: 200, body: { tier: 'silver' } },
        { nodeId: 'lookup', customerId: 'c1', status: 200, body: { tier: 'gold' } },
        { nodeId: 'lookup', customerId: 'c2', status: 503, body: { error: 'down' } },
      ],
      steps: [
        { type: 'track', event: 'user.signed_up' },
        { type: 'advance', amount: 3, unit: 'days' },
      ],
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const { customers } = response.json().steps[1].report;
    expect(customers.c0.runs[0].path).toEqual(['signup', 'lookup', 'pause', 'vip', 'plain']);
    expect(customers.c1.runs[0].path).toEqual(['signup', 'lookup', 'pause', 'vip', 'gold']);
    expect(customers.c2.runs[0].path).toEqual(['signup', 'lookup', 'sorry']);
  });

  it('previews a migration: waiting customers move to the next version and go on there', async () => {
    const next = {
      ...lookupJourney,
      nodes: [
        ...lookupJourney.nodes.filter((n) => n.id !== 'pause'),
        node('short-pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'hours' } }),
      ],
      edges: [
        ...lookupJourney.edges.filter((e) => e.source !== 'pause' && e.target !== 'pause'),
        edge('lookup', 'short-pause', 'success'),
        edge('short-pause', 'vip'),
      ],
    };
    const response = await simulate({
      document: lookupJourney,
      start: '2026-03-02T09:00:00Z',
      customers: many(4),
      report: 'summary',
      steps: [
        { type: 'track', event: 'user.signed_up' },
        { type: 'migrate', document: next, nodeMap: { pause: 'short-pause' } },
        { type: 'advance', amount: 2, unit: 'hours' },
      ],
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const [, migrate, advance] = response.json().steps;
    expect(migrate.migration).toEqual({ moved: 4, problems: [] });
    expect(migrate.report.nodes['short-pause']).toMatchObject({ entered: 4, waiting: 4 });
    expect(advance.report.nodes.plain).toMatchObject({ entered: 4, completed: 4 });

    const broken = await simulate({
      document: lookupJourney,
      steps: [
        {
          type: 'migrate',
          document: { ...next, nodes: [...next.nodes, node('odd', 'no-such-step')] },
          nodeMap: {},
        },
      ],
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.message).toContain('steps.0.document');
  });
});
