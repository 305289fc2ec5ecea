import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from './helper';

/** An API-entered journey: wait, then exit. */
function apiJourney(waitDays: number) {
  return {
    name: 'Concierge onboarding',
    nodes: [
      { id: 'start', type: 'api-trigger', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
      {
        id: 'pause',
        type: 'wait',
        typeVersion: 1,
        position: { x: 200, y: 0 },
        config: { mode: 'duration', duration: { amount: waitDays, unit: 'days' } },
      },
      { id: 'done', type: 'exit', typeVersion: 1, position: { x: 400, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'pause' },
      { id: 'e2', source: 'pause', target: 'done' },
    ],
  };
}

describe.each(testDatabaseKinds())('events to journeys through the API on %s', (kind) => {
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
  const send = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: { authorization: basic(WRITE_KEY) } });

  it('runs a published journey for ingested events; stats, customers and messages show it', async () => {
    const journey = await json('POST', '/api/journeys', { templateId: 'welcome-series' }, 201);
    await json('POST', `/api/journeys/${journey.id}/publish`, {}, 201);

    await send('/v1/identify', { userId: 'ada', traits: { first_name: 'Ada', email: 'ada@example.com' } });
    await send('/v1/track', { userId: 'ada', event: 'user.signed_up' });
    await t.runtime.drain();

    const stats = await json('GET', `/api/journeys/${journey.id}/stats`);
    expect(stats.nodes['welcome-email']).toMatchObject({ entered: 1 });
    expect(stats.nodes['wait-1-day']).toMatchObject({ entered: 1, waiting: 1 });
    expect(stats.totals).toMatchObject({ runs: 1, active: 1 });
    const listed = (await json('GET', '/api/journeys')).journeys.find(
      (j: { id: string }) => j.id === journey.id,
    );
    expect(listed.activeCustomers).toBe(1);

    const found = await json('GET', '/api/customers?q=ada');
    expect(found.customers.map((c: { customerId: string }) => c.customerId)).toContain('ada');
    const ada = await json('GET', '/api/customers/ada');
    expect(ada.traits).toMatchObject({ first_name: 'Ada' });
    expect(ada.runs).toEqual([
      expect.objectContaining({ journeyId: journey.id, currentNodeId: 'wait-1-day' }),
    ]);
    expect(ada.timeline.some((entry: { kind: string }) => entry.kind === 'event')).toBe(true);

    const { messages } = await json('GET', '/api/messages?customerId=ada');
    expect(messages).toEqual([
      expect.objectContaining({ nodeId: 'welcome-email', channel: 'email', to: 'ada@example.com' }),
    ]);
    expect(messages[0].subject).toContain('Ada');
  });

  it('answers 404 for an unknown customer or message', async () => {
    expect((await t.api({ method: 'GET', url: '/api/customers/nobody' })).json().error.code).toBe(
      'customer-not-found',
    );
    expect((await t.api({ method: 'POST', url: '/api/messages/msg_missing/retry' })).statusCode).toBe(404);
    expect((await t.api({ method: 'GET', url: '/api/journeys/jrn_missing/stats' })).json().error.code).toBe(
      'journey-not-found',
    );
    const enter = await t.api({
      method: 'POST',
      url: '/api/journeys/jrn_missing/enter',
      payload: { customerId: 'x' },
    });
    expect(enter.statusCode).toBe(404);
  });

  it('enters customers through the API trigger, honours re-entry, and refuses paused journeys', async () => {
    const journey = await json('POST', '/api/journeys', { document: apiJourney(1) }, 201);
    await json('POST', `/api/journeys/${journey.id}/publish`, {}, 201);
    const entered = await json('POST', `/api/journeys/${journey.id}/enter`, { customerId: 'zed' });
    expect(entered.runId).toEqual(expect.any(String));

    const again = await t.api({
      method: 'POST',
      url: `/api/journeys/${journey.id}/enter`,
      payload: { customerId: 'zed' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('entry-refused');

    await json('POST', `/api/journeys/${journey.id}/pause`);
    const paused = await t.api({
      method: 'POST',
      url: `/api/journeys/${journey.id}/enter`,
      payload: { customerId: 'yan' },
    });
    expect(paused.statusCode).toBe(409);
    expect(paused.json().error.code).toBe('journey-not-live');
    await json('POST', `/api/journeys/${journey.id}/resume`);
  });

  it('previews and applies a migration of waiting customers to a newer version', async () => {
    const journey = await json('POST', '/api/journeys', { document: apiJourney(5) }, 201);
    await json('POST', `/api/journeys/${journey.id}/publish`, {}, 201);
    await json('POST', `/api/journeys/${journey.id}/enter`, { customerId: 'mia' });
    await t.runtime.drain();

    const draft = await json('GET', `/api/journeys/${journey.id}`);
    await json('PUT', `/api/journeys/${journey.id}/draft`, {
      document: apiJourney(2),
      revision: draft.revision,
    });
    await json('POST', `/api/journeys/${journey.id}/publish`, {}, 201);

    const plan = { fromVersion: 1, toVersion: 2, nodeMap: { pause: 'pause' } };
    const preview = await json('POST', `/api/journeys/${journey.id}/migrations/preview`, plan);
    expect(preview.moves).toEqual([{ fromNodeId: 'pause', toNodeId: 'pause', runs: 1 }]);
    expect(preview.problems).toEqual([]);

    const applied = await json('POST', `/api/journeys/${journey.id}/migrations/apply`, plan);
    expect(applied.moved).toBe(1);
    const stats = await json('GET', `/api/journeys/${journey.id}/stats?version=2`);
    expect(stats.nodes.pause).toMatchObject({ waiting: 1 });

    const bad = await t.api({
      method: 'POST',
      url: `/api/journeys/${journey.id}/migrations/preview`,
      payload: { fromVersion: 1, toVersion: 7, nodeMap: {} },
    });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error.code).toBe('version-not-found');
  });
});
