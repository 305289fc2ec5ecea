import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegmentService } from '../src/segments/service';
import { buildTestApp, type TestApp } from './helper';
import { journey, publish } from './runtime/harness';

const WORKSPACE = 'default';
const PRO = { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] };
const ALWAYS = { reentry: { policy: 'always', cooldownSeconds: 0 } };

describe.each(testDatabaseKinds())('saved segments in journeys on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, { STAGECRAFT_SEGMENT_SECONDS: '0' });
  });
  afterAll(() => t.close());

  const json = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const response = await t.api({ method, url, payload });
    return { status: response.statusCode, body: response.body ? response.json() : null };
  };
  const send = (batch: object[]) => t.ingest(batch, { drain: false });
  const identify = (userId: string, traits: object) => ({ type: 'identify', userId, traits });
  /** Runs per customer of a journey. */
  const runs = async (journeyId: string) => {
    const { rows } = await t.database.sql.executeSql(
      'select customer_id, count(*)::int as n from journey_runs where journey_id = $1 group by 1 order by 1',
      [journeyId],
    );
    return Object.fromEntries(rows.map((r) => [String(r.customer_id), Number(r.n)]));
  };
  const tagsOf = async (customerId: string) => (await t.runtime.customer(WORKSPACE, customerId))?.tags ?? [];

  let segmentId = '';
  const users = Array.from({ length: 12 }, (_, i) => `u${String(i).padStart(2, '0')}`);

  it('starts a journey once per entry and once per exit, with passes racing ingestion and each other', async () => {
    const created = await json('POST', '/api/segments', { name: 'Pro', rules: PRO });
    segmentId = created.body.id;
    const trigger = (change: string) =>
      ['t', 'segment-trigger', { source: 'saved', segmentId, change }] as const;
    await publish(
      t.database,
      'jrn_joined',
      journey(
        'Joined Pro',
        [[...trigger('entered')], ['g', 'tag', { op: 'add', tag: 'welcomed' }]],
        [['t', 'g']],
        ALWAYS,
      ),
      1,
      WORKSPACE,
    );
    t.runtime.journeyChanged('jrn_joined');
    await publish(
      t.database,
      'jrn_left',
      journey(
        'Left Pro',
        [[...trigger('left')], ['g', 'tag', { op: 'add', tag: 'missed' }]],
        [['t', 'g']],
        ALWAYS,
      ),
      1,
      WORKSPACE,
    );
    t.runtime.journeyChanged('jrn_left');
    // A second membership service on the same database stands for another server process.
    const other = createSegmentService(t.database, t.clock.now);
    const race = async (batches: object[][]) => {
      await Promise.all([
        ...batches.map((batch) => send(batch)),
        t.app.segments.sweep(),
        other.sweep(),
        t.app.segments.sweep(),
      ]);
      await t.runtime.drain();
      await Promise.all([t.app.segments.sweep(), other.sweep()]);
      t.clock.advance(1000);
      await t.runtime.drain();
    };
    await race(users.map((u) => [identify(u, { plan: 'pro' })]));
    expect(await runs('jrn_joined')).toEqual(Object.fromEntries(users.map((u) => [u, 1])));
    expect(await runs('jrn_left')).toEqual({});

    // Half leave, in two racing batches; the tags the joined journey added change nobody's membership.
    await race([
      users.slice(0, 3).map((u) => identify(u, { plan: 'free' })),
      users.slice(3, 6).map((u) => identify(u, { plan: 'free' })),
    ]);
    expect(await runs('jrn_left')).toEqual(Object.fromEntries(users.slice(0, 6).map((u) => [u, 1])));
    expect(Object.values(await runs('jrn_joined'))).toEqual(users.map(() => 1));

    // One comes back: one more entry for them alone; passes with nothing new fire nothing.
    await race([[identify('u00', { plan: 'pro' })]]);
    await race([]);
    expect((await runs('jrn_joined')).u00).toBe(2);
    expect(Object.values(await runs('jrn_joined')).reduce((a, b) => a + b, 0)).toBe(13);
    expect(Object.values(await runs('jrn_left')).reduce((a, b) => a + b, 0)).toBe(6);
    expect(await tagsOf('u00')).toEqual(['welcomed', 'missed']);
    expect((await json('GET', `/api/segments/${segmentId}`)).body.size).toBe(7);
  });

  it('refuses to delete the segment while live journeys start on it, naming them', async () => {
    const refused = await json('DELETE', `/api/segments/${segmentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('segment-in-use');
    expect(refused.body.error.message).toContain('"Joined Pro"');
    expect(refused.body.error.message).toContain('"Left Pro"');
  });

  it('branches on segment membership and on stored lifetime value in a condition', async () => {
    await publish(
      t.database,
      'jrn_checkout',
      journey(
        'Checkout',
        [
          ['t', 'event-trigger', { event: 'checkout.started', where: [] }],
          [
            'c',
            'condition',
            {
              rules: {
                all: [
                  { segmentId, operator: 'in' },
                  { field: 'clv.historical', operator: 'greater_or_equal', value: 100 },
                ],
              },
            },
          ],
          ['yes', 'tag', { op: 'add', tag: 'big-pro' }],
          ['no', 'tag', { op: 'add', tag: 'other' }],
        ],
        [
          ['t', 'c'],
          ['c', 'yes', 'yes'],
          ['c', 'no', 'no'],
        ],
        ALWAYS,
      ),
      1,
      WORKSPACE,
    );
    t.runtime.journeyChanged('jrn_checkout');
    const order = (userId: string, revenue: number) => ({
      type: 'track',
      userId,
      event: 'Order Completed',
      properties: { revenue },
      messageId: `order-${userId}`,
    });
    // u07 (pro) and u01 (free) spend 150; u08 (pro) spends 20.
    await send([order('u07', 150), order('u01', 150), order('u08', 20)]);
    await t.runtime.drain();
    t.clock.advance(1000);
    expect((await t.app.segments.sweep()).valued).toBeGreaterThanOrEqual(3);
    const checkout = (userId: string) => ({ type: 'track', userId, event: 'checkout.started' });
    await send([checkout('u07'), checkout('u01'), checkout('u08')]);
    await t.runtime.drain();
    expect(await tagsOf('u07')).toContain('big-pro');
    expect(await tagsOf('u01')).toContain('other');
    expect(await tagsOf('u08')).toContain('other');
  });

  it('lets segment rules read stored lifetime value', async () => {
    const preview = await json('POST', '/api/segments/preview', {
      rules: { all: [{ field: 'clv.historical', operator: 'greater_than', value: 100 }] },
    });
    expect(preview.body).toEqual({ size: 2, sample: ['u01', 'u07'] });
    const noPrediction = await json('POST', '/api/segments/preview', {
      rules: { all: [{ field: 'clv.churnRisk', operator: 'greater_than', value: 0.5 }] },
    });
    // No model fitted yet: no prediction, so no churn risk to compare.
    expect(noPrediction.body.size).toBe(0);
    const bad = await json('POST', '/api/segments/preview', {
      rules: { all: [{ field: 'clv.worth', operator: 'greater_than', value: 1 }] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('clv');
  });
});
