import { customers, stageHistory } from '@stagecraft/db';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from './helper';

const WS = 'default';
const at = (iso: string) => new Date(`${iso}Z`);

/** Track calls (a `page` when the name starts with "page:"), each on its own time. */
function message(userId: string, name: string, time: string, properties: Record<string, unknown> = {}) {
  const page = name.startsWith('page:');
  return {
    type: page ? 'page' : 'track',
    userId,
    ...(page ? { name: name.slice(5) } : { event: name }),
    properties,
    timestamp: `${time}Z`,
    messageId: `${userId}-${name}-${time}`,
  };
}

describe.each(testDatabaseKinds())('lifecycle analytics on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic(WRITE_KEY) },
      payload: {
        batch: [
          // Week of 2030-01-07.
          message('u1', 'page:Home', '2030-01-07T09:00:00'),
          message('u1', 'Signed Up', '2030-01-07T09:05:00'),
          message('u1', 'Order Completed', '2030-01-08T10:00:00', { revenue: 50 }),
          message('u1', 'Order Completed', '2030-01-09T10:00:00', { revenue: 20 }),
          message('u1', 'Invite Sent', '2030-01-09T11:00:00'),
          message('u2', 'Signed Up', '2030-01-08T10:00:00'),
          message('u2', 'Order Completed', '2030-02-20T10:00:00', { revenue: 5 }),
          message('u3', 'page:Pricing', '2030-01-09T10:00:00'),
          message('u4', 'Survey Responded', '2030-01-10T10:00:00', { score: 10, satisfaction: 5 }),
          message('u5', 'Survey Responded', '2030-01-10T11:00:00', { score: 3, satisfaction: 2 }),
          message('u6', 'Survey Responded', '2030-01-11T10:00:00', { score: 9, satisfaction: 4 }),
          message('u7', 'page:Home', '2029-12-10T10:00:00'),
          message('u8', 'page:Home', '2029-12-20T10:00:00'),
          message('u8', 'page:Home', '2030-01-12T10:00:00'),
          // Week of 2030-01-14.
          message('u1', 'Order Completed', '2030-01-15T10:00:00', { revenue: 10 }),
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
  });
  afterAll(() => t.close());

  const get = async (url: string) => {
    const response = await t.api({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('answers the metrics of docs/analytics.md per week', async () => {
    const body = await get('/api/analytics/metrics?from=2030-01-07&to=2030-01-20&interval=week');
    expect(body).toMatchObject({ interval: 'week', currency: 'USD' });
    const metric = (id: string) =>
      body.metrics
        .find((m: { id: string }) => m.id === id)
        .points.map((p: { value: number | null; count: number }) => [
          p.value === null ? null : Math.round(p.value * 1000) / 1000,
          p.count,
        ]);
    expect(body.metrics[0].points.map((p: { start: string }) => p.start)).toEqual([
      '2030-01-07',
      '2030-01-14',
    ]);
    // u1..u6 are new in the first week; u1 and u2 signed up.
    expect(metric('acquisitionConversionRate')).toEqual([
      [0.333, 6],
      [null, 0],
    ]);
    // u1 ordered a day after signing up; u2 only 43 days later, past the 30-day window.
    expect(metric('activationRate')).toEqual([
      [0.5, 2],
      [null, 0],
    ]);
    expect(metric('repeatPurchaseRate')).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // u7 and u8 were active in the 30 days before 2030-01-07; u7 had no event in the 30 days to the 14th.
    // Before the 14th, u1..u6 and u8 were active, and all of them still are in the 30 days to the 21st.
    expect(metric('churnRate')).toEqual([
      [0.5, 2],
      [0, 7],
    ]);
    expect(metric('referralRate')).toEqual([
      [0.143, 7],
      [0, 1],
    ]);
    expect(metric('revenue')).toEqual([
      [70, 2],
      [10, 1],
    ]);
    // Promoters u4 (10) and u6 (9), detractor u5 (3): (2 - 1) / 3.
    expect(metric('nps')).toEqual([
      [33.333, 3],
      [null, 0],
    ]);
    expect(metric('csat')).toEqual([
      [66.667, 3],
      [null, 0],
    ]);
    expect(metric('messageDeliveryRate')).toEqual([
      [null, 0],
      [null, 0],
    ]);
    expect(metric('messageOpenRate')).toEqual([
      [null, 0],
      [null, 0],
    ]);
  });

  it('reads the events and properties named in the analytics settings', async () => {
    expect(await get('/api/settings/analytics')).toMatchObject({
      currency: 'USD',
      churnDays: 30,
      clvHorizonDays: 365,
      metrics: {
        purchase: { event: 'Order Completed', revenueProperty: 'revenue' },
        nps: { property: 'score' },
      },
    });
    const bad = await t.api({ method: 'PUT', url: '/api/settings/analytics', payload: { currency: 'usd' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('currency');
    const put = await t.api({
      method: 'PUT',
      url: '/api/settings/analytics',
      payload: { currency: 'EUR', metrics: { nps: { property: 'satisfaction' } } },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().metrics.nps).toEqual({ event: 'Survey Responded', property: 'satisfaction' });
    const body = await get('/api/analytics/metrics?from=2030-01-07&to=2030-01-13&interval=week');
    expect(body.currency).toBe('EUR');
    // Satisfaction 5, 2 and 4 read as NPS answers: all detractors.
    expect(body.metrics.find((m: { id: string }) => m.id === 'nps').points[0]).toEqual({
      start: '2030-01-07',
      value: -100,
      count: 3,
    });
    await t.api({ method: 'PUT', url: '/api/settings/analytics', payload: {} });
  });

  it('answers the stage funnel of a period', async () => {
    await t.database.db.insert(customers).values([
      { workspaceId: WS, customerId: 'c1', stage: 'engagement' },
      { workspaceId: WS, customerId: 'c2', stage: 'onboarding' },
      { workspaceId: WS, customerId: 'c3', stage: 'acquisition' },
      { workspaceId: WS, customerId: 'c4', stage: 'engagement' },
    ]);
    const move = (customerId: string, fromStage: string | null, toStage: string, time: string) => ({
      workspaceId: WS,
      customerId,
      fromStage,
      toStage,
      at: at(time),
    });
    await t.database.db
      .insert(stageHistory)
      .values([
        move('c4', null, 'acquisition', '2029-12-20T00:00:00'),
        move('c1', null, 'acquisition', '2030-01-02T00:00:00'),
        move('c2', null, 'acquisition', '2030-01-02T00:00:00'),
        move('c1', 'acquisition', 'onboarding', '2030-01-03T00:00:00'),
        move('c3', null, 'acquisition', '2030-01-04T00:00:00'),
        move('c2', 'acquisition', 'onboarding', '2030-01-05T00:00:00'),
        move('c4', 'acquisition', 'engagement', '2030-01-06T00:00:00'),
        move('c1', 'onboarding', 'engagement', '2030-01-10T00:00:00'),
      ]);
    // History written outside the runtime is counted by the rebuild.
    await t.database.sql.executeSql('select stage_counters_rebuild($1)', [WS]);
    await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic(WRITE_KEY) },
      payload: {
        batch: [
          message('c1', 'page:Home', '2030-01-30T10:00:00'),
          message('c2', 'page:Home', '2029-12-01T10:00:00'),
          message('c3', 'page:Home', '2030-01-04T10:00:00'),
        ],
      },
    });
    const body = await get('/api/analytics/stages?from=2030-01-01&to=2030-01-31');
    expect(body).toMatchObject({ from: '2030-01-01', to: '2030-01-31', churnDays: 30 });
    const stage = (id: string) => body.stages.find((s: { id: string }) => s.id === id);
    expect(body.stages.map((s: { id: string }) => s.id)).toEqual([
      'acquisition',
      'onboarding',
      'engagement',
      'retention',
      'advocacy',
      'renewal',
    ]);
    expect(stage('acquisition')).toEqual({
      id: 'acquisition',
      name: 'Acquisition',
      color: '#0ea5e9',
      customers: 1,
      entered: 3,
      movedTo: { onboarding: 2, engagement: 1 },
      nextStage: 'onboarding',
      conversionToNext: 2 / 3,
      medianHoursInStage: expect.any(Number),
      churned: 0,
    });
    // Left after 24 h (c1), 72 h (c2) and 408 h (c4); medians are read from bins 2.2% wide.
    expect(Math.abs(stage('acquisition').medianHoursInStage / 72 - 1)).toBeLessThan(0.022);
    expect(stage('onboarding')).toMatchObject({
      customers: 1,
      entered: 2,
      movedTo: { engagement: 1 },
      conversionToNext: 0.5,
      // c2's last event was 2029-12-01.
      churned: 1,
    });
    expect(Math.abs(stage('onboarding').medianHoursInStage / 168 - 1)).toBeLessThan(0.022);
    // c4 never sent an event; c1 did on the 30th.
    expect(stage('engagement')).toMatchObject({ customers: 2, entered: 2, churned: 1, conversionToNext: 0 });
    expect(stage('renewal')).toMatchObject({ customers: 0, nextStage: null, conversionToNext: null });
  });

  it('counts churned customers the same from their stored newest event time, also at the window edge', async () => {
    const url = '/api/analytics/stages?from=2030-01-01&to=2030-01-31';
    const before = await get(url);
    // Churned is as of now: no event in the 30 days before the app's clock.
    const windowStart = t.clock.now() - 30 * 86_400_000;
    const time = (offsetSeconds: number) =>
      new Date(windowStart + offsetSeconds * 1000).toISOString().slice(0, -1);
    await t.database.db.insert(customers).values([
      { workspaceId: WS, customerId: 'edge-in', stage: 'retention' },
      { workspaceId: WS, customerId: 'edge-out', stage: 'retention' },
      { workspaceId: WS, customerId: 'edge-late', stage: 'retention' },
    ]);
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic(WRITE_KEY) },
      payload: {
        batch: [
          message('edge-in', 'page:Home', time(30)),
          message('edge-out', 'page:Home', time(-20)),
          // Stored to the minute: the newest kept is 10 s before the window, and the events decide.
          message('edge-late', 'page:Home', time(-10)),
          message('edge-late', 'page:Pricing', time(20)),
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    await t.runtime.drain();
    const after = await get(url);
    const churned = (body: { stages: { id: string; churned: number }[] }) =>
      Object.fromEntries(body.stages.map((s) => [s.id, s.churned]));
    expect(churned(after)).toEqual({ ...churned(before), retention: 1 });
  });

  it('refuses periods that are not calendar days or run backwards, naming the field', async () => {
    for (const [url, field] of [
      ['/api/analytics/stages?from=2030-01-31&to=2030-01-01', 'to'],
      ['/api/analytics/stages?from=2030-1-1&to=2030-01-31', 'from'],
      ['/api/analytics/metrics?from=2030-01-01&to=2030-01-31&interval=hour', 'interval'],
      ['/api/analytics/metrics?from=2026-01-01&to=2030-01-31&interval=day', 'interval'],
    ] as const) {
      const response = await t.api({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.body, url).toContain(field);
    }
  });
});
