import { journeys, journeyVersions } from '@stagecraft/db';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper';

const DAY = 86_400_000;
/** "2+ Order Completed in the last 30 days". */
const REPEAT_BUYERS = {
  all: [
    {
      eventCount: { event: 'Order Completed', withinSeconds: 30 * 86_400 },
      operator: 'greater_or_equal',
      value: 2,
    },
  ],
};

describe.each(testDatabaseKinds())('segments on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, { STAGECRAFT_SEGMENT_SECONDS: '0' });
  });
  afterAll(() => t.close());

  const iso = (ms: number) => new Date(ms).toISOString();
  const send = (batch: object[]) => t.ingest(batch);
  const order = (userId: string, daysAgo: number) => ({
    type: 'track',
    userId,
    event: 'Order Completed',
    properties: { revenue: 10 },
    timestamp: iso(t.clock.now() - daysAgo * DAY),
    messageId: `${userId}-${t.clock.now() - daysAgo * DAY}`,
  });
  const json = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const response = await t.api({ method, url, payload });
    return { status: response.statusCode, body: response.body ? response.json() : null };
  };

  let id = '';

  it('previews, saves and pages through the members of a windowed event rule', async () => {
    // ann: two orders 10 and 20 days ago; bob: one; cat: two, one of them 40 days ago.
    await send([
      order('ann', 10),
      order('ann', 20),
      order('bob', 5),
      order('cat', 3),
      order('cat', 40),
      { type: 'identify', userId: 'dan', traits: { plan: 'pro' } },
    ]);
    const preview = await json('POST', '/api/segments/preview', { rules: REPEAT_BUYERS });
    expect(preview).toEqual({ status: 200, body: { size: 1, sample: ['ann'] } });
    const created = await json('POST', '/api/segments', { name: 'Repeat buyers', rules: REPEAT_BUYERS });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Repeat buyers', size: 1 });
    id = created.body.id;
    const members = await json('GET', `/api/segments/${id}/customers?limit=10`);
    expect(members.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['ann']);
    expect(members.body.next).toBeNull();
  });

  it('admits a customer whose new event arrives, without rescanning the others', async () => {
    // The first pass looks a minute back (the cursor's overlap) and sees the customers above again.
    t.clock.advance(5 * 60_000);
    expect((await t.app.segments.sweep()).evaluated).toBe(4);
    await send([order('bob', 0)]);
    expect((await t.app.segments.sweep()).evaluated).toBe(1);
    const segment = await json('GET', `/api/segments/${id}`);
    expect(segment.body.size).toBe(2);
    const first = await json('GET', `/api/segments/${id}/customers?limit=1`);
    expect(first.body).toMatchObject({ customers: [{ customerId: 'ann' }], next: 'ann' });
    const second = await json('GET', `/api/segments/${id}/customers?limit=1&after=ann`);
    expect(second.body).toMatchObject({ customers: [{ customerId: 'bob' }], next: null });
  });

  it('lets a customer leave on time when their older order slides out of the window', async () => {
    // ann's order of 20 days ago leaves the 30-day window 10 days from now.
    t.clock.advance(10 * DAY - 5 * 60_000 - 60_000);
    await t.app.segments.sweep();
    expect((await json('GET', `/api/segments/${id}`)).body.size).toBe(2);
    t.clock.advance(120_000);
    expect((await t.app.segments.sweep()).evaluated).toBe(1);
    const segment = await json('GET', `/api/segments/${id}`);
    expect(segment.body.size).toBe(1);
    expect(segment.body.sizeHistory).toEqual([
      { day: '2030-01-07', size: 2 },
      { day: iso(t.clock.now()).slice(0, 10), size: 1 },
    ]);
    const members = await json('GET', `/api/segments/${id}/customers`);
    expect(members.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['bob']);
  });

  it('reads traits, stage and event sums, and refuses rules it cannot evaluate, naming the field', async () => {
    const pro = await json('POST', '/api/segments/preview', {
      rules: {
        any: [
          { field: 'profile.plan', operator: 'equals', value: 'pro' },
          { field: 'stage', operator: 'exists' },
        ],
      },
    });
    expect(pro.body).toEqual({ size: 1, sample: ['dan'] });
    const spenders = await json('POST', '/api/segments/preview', {
      rules: {
        all: [
          {
            eventSum: { event: 'Order Completed', property: 'revenue' },
            operator: 'greater_or_equal',
            value: 20,
          },
        ],
      },
    });
    expect(spenders.body).toEqual({ size: 3, sample: ['ann', 'bob', 'cat'] });
    const bad = await json('POST', '/api/segments', {
      name: 'x',
      rules: { all: [{ field: 'event.total', operator: 'equals', value: 1 }] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('rules');
  });

  it('refuses to delete a segment a live journey uses, and deletes it once none does', async () => {
    await t.database.db.insert(journeys).values({
      id: 'jrn_uses_segment',
      workspaceId: 'default',
      name: 'Win back',
      status: 'live',
      draft: {},
      publishedVersion: 1,
    });
    await t.database.db.insert(journeyVersions).values({
      journeyId: 'jrn_uses_segment',
      version: 1,
      workspaceId: 'default',
      document: { nodes: [{ id: 'enter', config: { segmentId: id } }] },
      hash: 'h',
    });
    const refused = await json('DELETE', `/api/segments/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'segment-in-use',
      journeys: [{ journeyId: 'jrn_uses_segment' }],
    });
    await t.database.sql.executeSql(`update journeys set status = 'paused' where id = 'jrn_uses_segment'`);
    expect((await json('DELETE', `/api/segments/${id}`)).status).toBe(204);
    expect((await json('GET', `/api/segments/${id}`)).status).toBe(404);
  });
});
