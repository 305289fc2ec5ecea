import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper';

const DAY = 86_400_000;

describe.each(testDatabaseKinds())('test-clock customers in analytics on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, { STAGECRAFT_SEGMENT_SECONDS: '0' });
  });
  afterAll(() => t.close());

  const iso = (ms: number) => new Date(ms).toISOString();
  const send = (batch: object[]) => t.ingest(batch);
  const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await t.api({ method, url, payload });
    return { status: response.statusCode, body: response.json() };
  };
  /** Every figure a marketer reads, as the API answers it. */
  const figures = async (segmentId: string) => {
    const from = iso(t.clock.now() - 20 * DAY).slice(0, 10);
    const to = iso(t.clock.now()).slice(0, 10);
    await t.app.segments.sweep();
    const segment = (await api('GET', `/api/segments/${segmentId}`)).body;
    return {
      stages: (await api('GET', `/api/analytics/stages?from=${from}&to=${to}`)).body,
      metrics: (await api('GET', `/api/analytics/metrics?from=${from}&to=${to}&interval=week`)).body,
      size: segment.size,
      sizeHistory: segment.sizeHistory,
      members: (await api('GET', `/api/segments/${segmentId}/customers`)).body,
      preview: (await api('POST', '/api/segments/preview', { rules: BUYERS })).body,
      fit: (await api('POST', '/api/analytics/clv/fit', { timeUnit: 'days' })).body,
    };
  };
  const BUYERS = {
    all: [
      {
        eventCount: { event: 'Order Completed', withinSeconds: 30 * 86_400 },
        operator: 'greater_or_equal',
        value: 1,
      },
    ],
  };
  const activity = (userId: string, extra: object = {}) => [
    { type: 'identify', userId, traits: { plan: 'pro' }, ...extra },
    ...[9, 5, 2].flatMap((daysAgo) => [
      {
        type: 'track',
        userId,
        event: 'Order Completed',
        properties: { revenue: 40 },
        timestamp: iso(t.clock.now() - daysAgo * DAY),
        messageId: `${userId}-order-${daysAgo}`,
        ...extra,
      },
      {
        type: 'track',
        userId,
        event: 'Survey Responded',
        properties: { score: 10, satisfaction: 5 },
        timestamp: iso(t.clock.now() - daysAgo * DAY),
        messageId: `${userId}-survey-${daysAgo}`,
        ...extra,
      },
    ]),
    {
      type: 'track',
      userId,
      event: 'Signed Up',
      timestamp: iso(t.clock.now() - 10 * DAY),
      messageId: `${userId}-up`,
      ...extra,
    },
  ];
  // Written as an import would, then counted by the rebuild (which leaves test-clock customers out).
  const moveStage = async (customerId: string) => {
    await t.database.sql.executeSql(
      `with moved as (update customers set stage = 'retention', stage_changed_at = $2 where workspace_id = 'default' and customer_id = $1 returning 1)
       insert into stage_history (workspace_id, customer_id, from_stage, to_stage, at) values ('default', $1, null, 'retention', $2)`,
      [customerId, iso(t.clock.now() - 3 * DAY)],
    );
    await t.database.sql.executeSql("select stage_counters_rebuild('default')");
  };

  it('leaves them out of the funnel, the metrics, segment sizes, members and previews, and the CLV fit', async () => {
    await send([...activity('real-1'), ...activity('real-2')]);
    await moveStage('real-1');
    const segment = (await api('POST', '/api/segments', { name: 'Buyers', rules: BUYERS })).body;
    const before = await figures(segment.id);
    expect(before.size).toBe(2);
    expect(before.fit).toMatchObject({ error: { code: 'clv-unfittable', repeatBuyers: 2 } });
    expect(before.stages.stages.find((s: { id: string }) => s.id === 'retention').customers).toBe(1);

    const clock = (await api('POST', '/api/test-clocks', { name: 'QA', start: iso(t.clock.now()) })).body;
    expect(JSON.stringify(clock)).toMatch(/"id":"clk_/);
    for (const userId of ['qa-1', 'qa-2', 'qa-3']) {
      const made = await api('POST', `/api/test-clocks/${clock.id}/customers`, {
        userId,
        traits: { plan: 'pro' },
      });
      expect(made.status).toBe(201);
      await send(activity(userId));
      await moveStage(userId);
    }
    t.clock.advance(60_000);
    const after = await figures(segment.id);
    expect(after).toEqual({ ...before, sizeHistory: after.sizeHistory });
    expect(after.sizeHistory.map((d: { size: number }) => d.size)).toEqual([2]);
  });
});
