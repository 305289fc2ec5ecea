import { drawArm } from '@stagecraft/compiler';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { analyzeExperiment } from '@stagecraft/stats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper';

const DAY = 86_400_000;

/** Sign-up -> subject-line split (45/45 with a 10% holdout) -> a wait on each arm. */
function subjectTest(split: Record<string, unknown> = {}) {
  const node = (id: string, type: string, config: object, x: number, label?: string) => ({
    id,
    type,
    typeVersion: type === 'random-split' ? 2 : 1,
    position: { x, y: 0 },
    config,
    ...(label ? { label } : {}),
  });
  const wait = { mode: 'duration', duration: { amount: 3, unit: 'days' } };
  return {
    name: 'Welcome subject test',
    nodes: [
      node('start', 'event-trigger', { event: 'user.signed_up' }, 0),
      node(
        'split',
        'random-split',
        {
          arms: [
            { id: 'a', label: 'Subject A', weight: 50 },
            { id: 'b', label: 'Subject B', weight: 50 },
          ],
          holdout: { enabled: true, percent: 10 },
          goal: {
            source: 'event',
            event: 'order.completed',
            where: [{ field: 'event.total', operator: 'greater_than', value: 0 }],
          },
          attributionWindowDays: 7,
          plan: {
            baselinePercent: 20,
            minimumDetectableEffectPercent: 30,
            powerPercent: 80,
            alphaPercent: 5,
          },
          ...split,
        },
        200,
        'Subject line',
      ),
      node('wait-a', 'wait', wait, 400),
      node('wait-b', 'wait', wait, 400),
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'split' },
      { id: 'e2', source: 'split', sourcePort: 'a', target: 'wait-a' },
      { id: 'e3', source: 'split', sourcePort: 'b', target: 'wait-b' },
    ],
  };
}

const ARMS = ['a', 'b', 'holdout'] as const;

describe.each(testDatabaseKinds())('experiments through the API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  const json = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, status = 200) => {
    const response = await t.api({ method, url, payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    return response.json();
  };
  const batch = (messages: object[]) => t.ingest(messages);
  const track = (userId: string, event: string, properties: object = {}) => ({
    type: 'track',
    userId,
    event,
    properties,
  });
  const publishNew = async (split?: Record<string, unknown>) => {
    const journey = await json('POST', '/api/journeys', { document: subjectTest(split) }, 201);
    await json('POST', `/api/journeys/${journey.id}/publish`, {}, 201);
    return journey.id as string;
  };
  const armOf = (journeyId: string, customerId: string) =>
    ARMS[drawArm(customerId, journeyId, 'split', [45, 45, 10])]!;

  it('counts assignments and conversions within the window, in order of arrival, and judges them', async () => {
    const id = await publishNew();
    const customers = Array.from({ length: 400 }, (_, i) => `exp-${kind}-${i}`);
    // One customer ordered before signing up: that order converts nothing.
    await batch([
      track('early-bird', 'order.completed', { total: 20 }),
      track('early-bird', 'user.signed_up'),
    ]);
    await batch(customers.map((c) => track(c, 'user.signed_up')));
    const expected = { a: [0, 0], b: [0, 0], holdout: [0, 0] } as Record<string, [number, number]>;
    expected[armOf(id, 'early-bird')]![0]++;
    t.clock.advance(DAY);
    const orders: object[] = [];
    customers.forEach((c, i) => {
      const arm = armOf(id, c);
      expected[arm]![0]++;
      const converts = arm === 'b' ? i % 2 === 0 : arm === 'a' ? i % 5 === 0 : i % 10 === 0;
      if (!converts) return;
      expected[arm]![1]++;
      orders.push(track(c, 'order.completed', { total: 30 }));
      // A second order converts nobody twice.
      orders.push(track(c, 'order.completed', { total: 10 }));
    });
    // Filtered out by the goal's property filter.
    orders.push(track(customers[1]!, 'order.completed', { total: 0 }));
    await batch(orders);
    // Past the 7-day window: counts for nobody.
    t.clock.advance(7 * DAY);
    await batch([track(customers[3]!, 'order.completed', { total: 99 })]);

    const { experiments } = await json('GET', `/api/journeys/${id}/experiments`);
    expect(experiments).toHaveLength(1);
    const [experiment] = experiments;
    expect(experiment).toMatchObject({
      nodeId: 'split',
      name: 'Subject line',
      status: 'running',
      goal: { event: 'order.completed', windowDays: 7 },
      control: 'a',
      decision: null,
    });
    const counted = experiment.arms.map((arm: { id: string; entered: number; converted: number }) => [
      arm.id,
      [arm.entered, arm.converted],
    ]);
    expect(Object.fromEntries(counted)).toEqual(expected);
    expect(experiment.arms.map((arm: { weight: number }) => arm.weight)).toEqual([45, 45, 10]);
    const recomputed = analyzeExperiment({
      arms: experiment.arms.map((arm: Record<string, unknown>) => ({
        id: arm.id,
        label: arm.label,
        weight: arm.weight,
        holdout: arm.holdout,
        entered: arm.entered,
        converted: arm.converted,
      })),
      control: 'a',
      plan: { baseline: 0.2, minimumDetectableEffect: 0.3, power: 0.8, alpha: 0.05 },
    });
    expect(experiment.comparisons).toEqual(recomputed.comparisons);
    expect(
      experiment.comparisons.map((c: { arm: string; against: string }) => `${c.arm}/${c.against}`),
    ).toEqual(['b/a', 'all/holdout']);
    expect(experiment.srm.flagged).toBe(false);
    expect(experiment.sampleSize).toEqual({
      plannedPerArm: recomputed.sampleSize.plannedPerArm,
      smallestArm: Math.min(expected.a![0], expected.b![0]),
      reached: false,
    });
    expect(experiment.verdict).toBe(recomputed.verdict);
    expect(experiment.verdict).toMatch(/^Subject B converts [\d.]+ points better than Subject A/);

    const list = await json('GET', '/api/experiments');
    expect(list.experiments).toContainEqual(
      expect.objectContaining({
        journeyId: id,
        nodeId: 'split',
        status: 'running',
        verdict: experiment.verdict,
      }),
    );
  });

  it('promotes the winner into a new version; customers in flight keep theirs', async () => {
    const id = await publishNew();
    const before = Array.from({ length: 40 }, (_, i) => `promo-${kind}-${i}`);
    await batch(before.map((c) => track(c, 'user.signed_up')));
    const inArm = before.filter((c) => armOf(id, c) !== 'holdout');

    const bad = await t.api({
      method: 'POST',
      url: `/api/journeys/${id}/experiments/split/promote`,
      payload: { arm: 'zzz' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid-request', field: 'arm' });
    const missing = await t.api({
      method: 'POST',
      url: `/api/journeys/${id}/experiments/nope/promote`,
      payload: { arm: 'b' },
    });
    expect(missing.json().error.code).toBe('experiment-not-found');

    const promoted = await json('POST', `/api/journeys/${id}/experiments/split/promote`, {
      arm: 'b',
      keepHoldout: true,
    });
    expect(promoted.status).toBe('stopped');
    expect(promoted.decision).toMatchObject({
      decision: 'promoted',
      arm: 'b',
      keepHoldout: true,
      version: 2,
      migrated: null,
    });
    expect(promoted.decision.decidedBy).toMatch(/^admin-token:/);
    expect(promoted.entriesPerDay).toBe(5.71);
    expect(promoted.arms.reduce((sum: number, arm: { entered: number }) => sum + arm.entered, 0)).toBe(40);

    const version = await json('GET', `/api/journeys/${id}/versions/2`);
    const split = version.document.nodes.find((n: { id: string }) => n.id === 'split');
    expect(split.config.arms.map((a: { weight: number }) => a.weight)).toEqual([0, 50]);
    expect(split.config.holdout).toEqual({ enabled: true, percent: 10 });
    const draft = await json('GET', `/api/journeys/${id}`);
    expect(draft.document.nodes.find((n: { id: string }) => n.id === 'split').config.arms[0].weight).toBe(0);

    // Customers in flight stay on version 1; new ones enter version 2 and never get arm a.
    const after = Array.from({ length: 40 }, (_, i) => `promo-late-${kind}-${i}`);
    await batch(after.map((c) => track(c, 'user.signed_up')));
    const { rows } = await t.database.sql.executeSql(
      `select customer_id, version, arm from experiment_entries where journey_id = $1`,
      [id],
    );
    const byCustomer = new Map(rows.map((r) => [String(r.customer_id), r]));
    for (const c of before) expect(byCustomer.get(c)?.version).toBe(1);
    for (const c of after) {
      expect(byCustomer.get(c)?.version).toBe(2);
      expect(byCustomer.get(c)?.arm).not.toBe('a');
    }
    const waiting = (await json('GET', `/api/journeys/${id}/stats?version=1`)).totals.active;
    expect(waiting).toBe(inArm.length);

    // Frozen: the results stay those the decision was made on.
    const { experiments } = await json('GET', `/api/journeys/${id}/experiments`);
    expect(experiments[0]).toMatchObject({
      status: 'stopped',
      arms: promoted.arms,
      verdict: promoted.verdict,
    });
    const again = await t.api({ method: 'POST', url: `/api/journeys/${id}/experiments/split/stop` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('experiment-decided');
  });

  it('moves waiting customers onto the promoted version when asked, dropping the holdout', async () => {
    const id = await publishNew();
    const customers = Array.from({ length: 30 }, (_, i) => `move-${kind}-${i}`);
    await batch(customers.map((c) => track(c, 'user.signed_up')));
    const waiting = customers.filter((c) => armOf(id, c) !== 'holdout').length;
    const promoted = await json('POST', `/api/journeys/${id}/experiments/split/promote`, {
      arm: 'a',
      keepHoldout: false,
      migrate: true,
    });
    expect(promoted.decision).toMatchObject({ version: 2, keepHoldout: false, migrated: waiting });
    const version = await json('GET', `/api/journeys/${id}/versions/2`);
    expect(version.document.nodes.find((n: { id: string }) => n.id === 'split').config.holdout.enabled).toBe(
      false,
    );
    expect((await json('GET', `/api/journeys/${id}/stats?version=2`)).totals.active).toBe(waiting);
  });

  it('stops an experiment with its results frozen', async () => {
    const id = await publishNew({ goal: { source: 'event', event: 'plan.upgraded', where: [] } });
    await batch([track(`stop-${kind}-1`, 'user.signed_up'), track(`stop-${kind}-2`, 'user.signed_up')]);
    const stopped = await json('POST', `/api/journeys/${id}/experiments/split/stop`);
    expect(stopped).toMatchObject({
      status: 'stopped',
      decision: { decision: 'stopped', arm: null, version: null },
    });
    await batch([track(`stop-${kind}-1`, 'plan.upgraded'), track(`stop-${kind}-3`, 'user.signed_up')]);
    const { experiments } = await json('GET', `/api/journeys/${id}/experiments`);
    expect(experiments[0].arms).toEqual(stopped.arms);
    expect(experiments[0].decision.decidedAt).toBe(stopped.decision.decidedAt);
  });

  it('follows the journey goal, and reads a version 1 split as the same shares', async () => {
    const document = subjectTest({ goal: { source: 'journey', where: [] } });
    const split = document.nodes[1]!;
    split.typeVersion = 1;
    split.config = { arms: (split.config as { arms: unknown }).arms, holdout: { enabled: true, weight: 10 } };
    const journey = await json(
      'POST',
      '/api/journeys',
      {
        document: {
          ...document,
          settings: {
            goal: {
              event: { event: 'trial.converted' },
              attributionWindowSeconds: 86_400,
              exitOnGoal: false,
            },
          },
        },
      },
      201,
    );
    const draft = await json('GET', `/api/journeys/${journey.id}`);
    const upgraded = draft.document.nodes.find((n: { id: string }) => n.id === 'split');
    expect(upgraded.typeVersion).toBe(2);
    expect(upgraded.config.holdout.percent).toBeCloseTo(100 / 11, 10);
    await json('POST', `/api/journeys/${journey.id}/publish`, {}, 201);
    const { experiments } = await json('GET', `/api/journeys/${journey.id}/experiments`);
    expect(experiments[0].goal).toEqual({ event: 'trial.converted', windowDays: 7 });
    expect(experiments[0].arms.map((arm: { weight: number }) => Math.round(arm.weight * 100) / 100)).toEqual([
      45.45, 45.45, 9.09,
    ]);
    expect(experiments[0].verdict).toBe('Nobody has entered the split yet.');
    await batch([track(`goal-${kind}`, 'user.signed_up'), track(`goal-${kind}`, 'trial.converted')]);
    const after = await json('GET', `/api/journeys/${journey.id}/experiments`);
    expect(
      after.experiments[0].arms.reduce((sum: number, arm: { converted: number }) => sum + arm.converted, 0),
    ).toBe(1);
  });

  it('answers an empty list for a journey never published, and 404 for no journey', async () => {
    const journey = await json('POST', '/api/journeys', { document: subjectTest() }, 201);
    expect(await json('GET', `/api/journeys/${journey.id}/experiments`)).toEqual({ experiments: [] });
    const missing = await t.api({ method: 'GET', url: '/api/journeys/jrn_missing/experiments' });
    expect(missing.json().error.code).toBe('journey-not-found');
  });
});
