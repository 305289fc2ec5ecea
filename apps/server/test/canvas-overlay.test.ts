import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper';
import { journey, publish } from './runtime/harness';

const DAY = 86_400_000;

describe.each(testDatabaseKinds())('canvas overlay numbers on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    await publish(
      t.database,
      'jrn_overlay',
      journey(
        'Trial nudge',
        [
          ['t', 'event-trigger', { event: 'trial.started', where: [] }],
          [
            'c',
            'condition',
            { rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] } },
          ],
          ['w', 'wait', { mode: 'duration', duration: { amount: 2, unit: 'days' } }],
          ['done', 'tag', { op: 'add', tag: 'nudged' }],
          ['free', 'tag', { op: 'add', tag: 'free' }],
        ],
        [
          ['t', 'c'],
          ['c', 'w', 'yes'],
          ['c', 'free', 'no'],
          ['w', 'done'],
        ],
        {
          goal: {
            event: { event: 'Order Completed' },
            attributionWindowSeconds: 30 * 86_400,
            exitOnGoal: true,
          },
        },
      ),
      1,
      'default',
    );
    t.runtime.journeyChanged('jrn_overlay');
  });
  afterAll(() => t.close());

  const send = (batch: object[]) => t.ingest(batch);
  const get = async (url: string) => {
    const response = await t.api({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  };

  it('counts runs per edge and conversions per branch beside the node counts', async () => {
    const users = ['p1', 'p2', 'p3', 'f1', 'f2'];
    await send(
      users.flatMap((userId) => [
        { type: 'identify', userId, traits: { plan: userId.startsWith('p') ? 'pro' : 'free' } },
        { type: 'track', userId, event: 'trial.started' },
      ]),
    );
    // p2 buys while waiting: the goal ends the run, and counts for every edge p2 took.
    await send([{ type: 'track', userId: 'p2', event: 'Order Completed', properties: { revenue: 9 } }]);
    const stats = (await get('/api/journeys/jrn_overlay/stats?version=1')).body;
    expect(stats.nodes.w).toMatchObject({ entered: 3, waiting: 2 });
    expect(stats.edges).toEqual([
      { nodeId: 'c', port: 'no', passed: 2, converted: 0 },
      { nodeId: 'c', port: 'yes', passed: 3, converted: 1 },
      // The last step's port has no edge; its count is still the node's way out.
      { nodeId: 'free', port: 'out', passed: 2, converted: 0 },
      { nodeId: 't', port: 'out', passed: 5, converted: 1 },
    ]);
  });

  it('lists the customers waiting at a node with when each moves on, a page at a time', async () => {
    const first = await get('/api/journeys/jrn_overlay/nodes/w/waiting?limit=1');
    expect(first.status).toBe(200);
    const movesOnAt = new Date(t.clock.now() + 2 * DAY).toISOString();
    expect(first.body).toMatchObject({
      version: 1,
      customers: [{ customerId: expect.stringMatching(/^p[13]$/), movesOnAt }],
    });
    expect(first.body.next).toEqual(expect.any(String));
    const second = await get(`/api/journeys/jrn_overlay/nodes/w/waiting?limit=1&cursor=${first.body.next}`);
    expect(second.body.customers).toHaveLength(1);
    expect(second.body.next).toBeNull();
    const both = [first.body.customers[0].customerId, second.body.customers[0].customerId].sort();
    expect(both).toEqual(['p1', 'p3']);
    expect((await get('/api/journeys/jrn_overlay/nodes/free/waiting')).body.customers).toEqual([]);
  });

  it('refuses a cursor it did not give out and a journey that does not exist, naming the fault', async () => {
    const bad = await get('/api/journeys/jrn_overlay/nodes/w/waiting?cursor=bm9wZQ');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid-request', field: 'cursor' });
    expect((await get('/api/journeys/jrn_nope/nodes/w/waiting')).status).toBe(404);
    expect((await get('/api/journeys/jrn_overlay/nodes/w/waiting?limit=0')).status).toBe(400);
  });
});
