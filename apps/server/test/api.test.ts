import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp } from './helper';

describe.each(testDatabaseKinds())('management API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  it('answers 401 with a sentence without the admin token, or with a wrong one', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/journeys' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'missing-admin-token' });
    expect(none.json().error.message).toMatch(/Authorization: Bearer/);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/journeys',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.json().error.code).toBe('invalid-admin-token');
  });

  it('serves liveness and readiness without auth', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: kind, deadJobs: 0 });
  });

  it('serves the node-type catalog with config JSON Schemas', async () => {
    const response = await t.api({ method: 'GET', url: '/api/node-types' });
    expect(response.statusCode).toBe(200);
    const types = response.json().nodeTypes as { type: string; category: string; configSchema: object }[];
    expect(types.map((n) => n.type)).toEqual(
      expect.arrayContaining(['event-trigger', 'wait', 'send-message', 'exit']),
    );
    expect(types[0]!.category).toBe('trigger');
    const trigger = types.find((n) => n.type === 'event-trigger')!.configSchema as { properties: object };
    expect(trigger.properties).toHaveProperty('event');
    // What a new step starts with comes from the type itself, so the editor needs no code for it.
    const split = response.json().nodeTypes.find((n: { type: string }) => n.type === 'random-split');
    expect(split.ports).toBeNull();
    expect(split.initialPorts.length).toBeGreaterThanOrEqual(2);
    const wait = response.json().nodeTypes.find((n: { type: string }) => n.type === 'wait');
    expect(wait.initialSummary).toMatch(/^Wait /);
  });

  it('serves the lifecycle templates', async () => {
    const templates = (await t.api({ method: 'GET', url: '/api/templates' })).json().templates;
    expect(templates.map((x: { id: string }) => x.id)).toContain('welcome-series');
    expect(templates[0].document.nodes.length).toBeGreaterThan(0);
  });

  it('renames, reorders and recolours lifecycle stages', async () => {
    const { stages } = (await t.api({ method: 'GET', url: '/api/settings/stages' })).json();
    expect(stages.map((s: { name: string }) => s.name)).toEqual([
      'Acquisition',
      'Onboarding',
      'Engagement',
      'Retention',
      'Advocacy',
      'Renewal',
    ]);
    const changed = [{ ...stages[1], name: 'Activation', color: '#123456' }, stages[0], ...stages.slice(2)];
    const saved = await t.api({ method: 'PUT', url: '/api/settings/stages', payload: { stages: changed } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().stages.slice(0, 2)).toEqual([
      { id: 'onboarding', name: 'Activation', color: '#123456', order: 0 },
      { ...stages[0], order: 1 },
    ]);
    const reread = (await t.api({ method: 'GET', url: '/api/settings/stages' })).json().stages;
    expect(reread[0].name).toBe('Activation');

    const duplicate = await t.api({
      method: 'PUT',
      url: '/api/settings/stages',
      payload: { stages: [stages[0], stages[0]] },
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.field).toBe('stages.1.id');
    const badColour = await t.api({
      method: 'PUT',
      url: '/api/settings/stages',
      payload: { stages: [{ ...stages[0], color: 'red' }] },
    });
    expect(badColour.json().error.field).toBe('stages.0.color');
  });

  it('creates write keys shown once, lists them by prefix, and revokes them', async () => {
    const created = await t.api({ method: 'POST', url: '/api/write-keys', payload: { name: 'Website' } });
    expect(created.statusCode).toBe(201);
    const { key, writeKey } = created.json();
    expect(key.startsWith(writeKey.prefix)).toBe(true);

    const listed = (await t.api({ method: 'GET', url: '/api/write-keys' })).json().writeKeys;
    expect(listed.find((k: { id: string }) => k.id === writeKey.id)).toMatchObject({
      name: 'Website',
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(key);

    const track = () =>
      t.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { authorization: basic(key) },
        payload: { userId: 'u', event: 'E' },
      });
    expect((await track()).statusCode).toBe(200);
    expect((await t.api({ method: 'DELETE', url: `/api/write-keys/${writeKey.id}` })).statusCode).toBe(204);
    expect((await track()).statusCode).toBe(401);
    expect((await t.api({ method: 'DELETE', url: `/api/write-keys/${writeKey.id}` })).statusCode).toBe(404);
  });

  it('simulates a journey on a virtual clock, with a report after each step', async () => {
    const template = (await t.api({ method: 'GET', url: '/api/templates' }))
      .json()
      .templates.find((x: { id: string }) => x.id === 'welcome-series');
    const payload = {
      document: template.document,
      start: '2026-03-02T09:00:00Z',
      customers: [{ id: 'sim-1', traits: { first_name: 'Ada', email: 'ada@example.com' } }],
      steps: [
        { type: 'track', customerId: 'sim-1', event: 'user.signed_up' },
        { type: 'advance', amount: 1, unit: 'days' },
        { type: 'track', customerId: 'sim-1', event: 'project.created' },
        { type: 'advance', amount: 3, unit: 'days' },
      ],
    };
    const response = await t.api({ method: 'POST', url: '/api/simulate', payload });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.start).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(body.steps).toHaveLength(4);
    const last = body.steps[3].report;
    expect(last.now).toBe(body.start + 4 * 86_400_000);
    const path = last.customers['sim-1'].runs[0].path as string[];
    expect(path).toEqual(expect.arrayContaining(['welcome-email', 'tips-email', 'celebrate-email']));
    expect(path).not.toContain('nudge-email');

    const again = await t.api({ method: 'POST', url: '/api/simulate', payload });
    expect(again.json()).toEqual(body);
  });

  it('refuses to simulate a journey with errors (422 with diagnostics)', async () => {
    const response = await t.api({
      method: 'POST',
      url: '/api/simulate',
      payload: { document: { name: 'Empty', nodes: [], edges: [] } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.diagnostics.length).toBeGreaterThan(0);
  });

  it('publishes OpenAPI for every route at /docs/json', async () => {
    const spec = (await t.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/batch',
        '/v1/track',
        '/api/journeys/{id}/draft',
        '/api/simulate',
        '/ready',
      ]),
    );
    expect(spec.paths['/api/journeys/{id}/draft'].put.requestBody).toBeDefined();
    expect((await t.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('answers a body that is not JSON with 415 and a sentence', async () => {
    const response = await t.api({
      method: 'POST',
      url: '/api/write-keys',
      payload: 'name=Website',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toMatchObject({ code: 'unsupported-media-type' });
  });

  it('answers 400 naming the field that holds text the database cannot store', async () => {
    const response = await t.api({
      method: 'POST',
      url: '/api/write-keys',
      payload: '{"name":"Web\\u0000site"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid-request', field: 'name' });
    expect(response.json().error.message).toContain('cannot be stored');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await t.api({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not-found');
  });
});
