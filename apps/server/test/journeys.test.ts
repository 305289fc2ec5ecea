import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helper';

describe.each(testDatabaseKinds())('journeys API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  const create = async (payload: object = {}) => {
    const response = await t.api({ method: 'POST', url: '/api/journeys', payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  it('lists the lifecycle templates seeded as drafts on first start', async () => {
    const response = await t.api({ method: 'GET', url: '/api/journeys' });
    expect(response.statusCode).toBe(200);
    const names = response
      .json()
      .journeys.map((j: { name: string; status: string }) => `${j.status}: ${j.name}`);
    expect(names.length).toBeGreaterThanOrEqual(7);
    expect(names.every((n: string) => n.startsWith('draft: '))).toBe(true);
  });

  it('creates a blank journey on the workspace stages, and one from a template', async () => {
    const blank = await create({ name: 'Trial nurture' });
    expect(blank).toMatchObject({
      name: 'Trial nurture',
      status: 'draft',
      revision: 0,
      publishedVersion: null,
    });
    expect(blank.document.stages.map((s: { id: string }) => s.id)).toContain('onboarding');

    const fromTemplate = await create({ templateId: 'welcome-series' });
    expect(fromTemplate.document.nodes.length).toBeGreaterThan(3);

    const missing = await t.api({ method: 'POST', url: '/api/journeys', payload: { templateId: 'nope' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'template-not-found', field: 'templateId' });
  });

  it('saves drafts with optimistic concurrency: a stale revision gets 409 draft-conflict', async () => {
    const journey = await create();
    const document = { ...journey.document, description: 'first edit' };
    const first = await t.api({
      method: 'PUT',
      url: `/api/journeys/${journey.id}/draft`,
      payload: { document, revision: 0 },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().revision).toBe(1);

    const stale = await t.api({
      method: 'PUT',
      url: `/api/journeys/${journey.id}/draft`,
      payload: { document: { ...document, description: 'second tab' }, revision: 0 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'draft-conflict', currentRevision: 1 });
    expect(stale.json().error.message).toMatch(/reload/i);

    const reloaded = (await t.api({ method: 'GET', url: `/api/journeys/${journey.id}` })).json();
    expect(reloaded).toMatchObject({ revision: 1, document: { description: 'first edit' } });
  });

  it('rejects a malformed draft with 400 naming the field', async () => {
    const journey = await create();
    const document = {
      ...journey.document,
      nodes: [{ id: 'has space', type: 'wait', typeVersion: 1, position: { x: 0, y: 0 }, config: {} }],
    };
    const response = await t.api({
      method: 'PUT',
      url: `/api/journeys/${journey.id}/draft`,
      payload: { document, revision: 0 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('document.nodes.0.id');
  });

  it('validates as the user edits: diagnostics name the node, ports follow the config', async () => {
    const journey = await create({ templateId: 'welcome-series' });
    const clean = await t.api({
      method: 'POST',
      url: `/api/journeys/${journey.id}/validate`,
      payload: { document: journey.document },
    });
    expect(clean.statusCode, clean.body).toBe(200);
    expect(clean.json().diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    expect(clean.json().ports['created-project'].map((p: { id: string }) => p.id)).toEqual(['yes', 'no']);
    expect(clean.json().summaries['wait-1-day']).toBe('Wait 1 day');

    const unconnected = {
      ...journey.document,
      edges: journey.document.edges.filter((e: { source: string }) => e.source !== 'wait-1-day'),
    };
    const warned = await t.api({
      method: 'POST',
      url: `/api/journeys/${journey.id}/validate`,
      payload: { document: unconnected },
    });
    expect(warned.json().diagnostics).toContainEqual(
      expect.objectContaining({ code: 'unconnected-port', severity: 'warning', nodeId: 'wait-1-day' }),
    );

    const misconfigured = structuredClone(journey.document);
    misconfigured.nodes.find((n: { id: string }) => n.id === 'wait-1-day').config.duration.amount = 0;
    // A config that does not parse has no summary; the editor keeps the card's previous line.
    const failed = await t.api({
      method: 'POST',
      url: `/api/journeys/${journey.id}/validate`,
      payload: { document: misconfigured },
    });
    expect(failed.json().summaries).not.toHaveProperty('wait-1-day');
    expect(failed.json().diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        nodeId: 'wait-1-day',
        path: 'config.duration.amount',
        detail: { kind: 'config', path: 'duration.amount', problem: expect.any(String) },
      }),
    );
    expect(warned.json().diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'unconnected-port',
        detail: { kind: 'port', nodeId: 'wait-1-day', port: 'out' },
      }),
    );
  });

  it('blocks publishing while errors remain (422 with diagnostics)', async () => {
    const journey = await create({ name: 'Empty' });
    const response = await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/publish` });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('journey-invalid');
    expect(response.json().error.diagnostics.length).toBeGreaterThan(0);
  });

  it('blocks publishing a loop without a wait and names its steps in the detail', async () => {
    const journey = await create({ name: 'Loop' });
    const at = { x: 0, y: 0 };
    const rules = { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] };
    const document = {
      ...journey.document,
      nodes: [
        { id: 'start', type: 'api-trigger', typeVersion: 1, position: at, config: {} },
        { id: 'check', type: 'condition', typeVersion: 1, position: at, config: { rules } },
        { id: 'tag', type: 'tag', typeVersion: 1, position: at, config: { op: 'add', tag: 'x' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'out', target: 'check' },
        { id: 'e2', source: 'check', sourcePort: 'yes', target: 'tag' },
        { id: 'e3', source: 'tag', sourcePort: 'out', target: 'check' },
      ],
    };
    const saved = await t.api({
      method: 'PUT',
      url: `/api/journeys/${journey.id}/draft`,
      payload: { document, revision: 0 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const response = await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/publish` });
    expect(response.statusCode).toBe(422);
    const loop = response
      .json()
      .error.diagnostics.find((d: { code: string }) => d.code === 'cycle-without-wait');
    expect(loop?.detail).toEqual({ kind: 'cycle-without-wait', nodeIds: ['check', 'tag'] });
  });

  it('publishes immutable versions with a summary of changes, and restores one as the draft', async () => {
    const journey = await create({ templateId: 'welcome-series' });
    const v1 = await t.api({
      method: 'POST',
      url: `/api/journeys/${journey.id}/publish`,
      payload: { revision: 0 },
    });
    expect(v1.statusCode, v1.body).toBe(201);
    expect(v1.json()).toMatchObject({ version: 1, changes: { previousVersion: null } });
    expect(v1.json().changes.added).toHaveLength(journey.document.nodes.length);

    const live = (await t.api({ method: 'GET', url: `/api/journeys/${journey.id}` })).json();
    expect(live).toMatchObject({ status: 'live', publishedVersion: 1 });

    const edited = structuredClone(journey.document);
    edited.nodes.find((n: { id: string }) => n.id === 'wait-1-day').config.duration.amount = 2;
    const saved = await t.api({
      method: 'PUT',
      url: `/api/journeys/${journey.id}/draft`,
      payload: { document: edited, revision: 0 },
    });
    expect(saved.statusCode).toBe(200);
    const v2 = await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/publish` });
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().changes).toMatchObject({
      previousVersion: 1,
      added: [],
      removed: [],
      changed: [{ id: 'wait-1-day' }],
    });

    const versions = (await t.api({ method: 'GET', url: `/api/journeys/${journey.id}/versions` })).json()
      .versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const first = (await t.api({ method: 'GET', url: `/api/journeys/${journey.id}/versions/1` })).json();
    expect(
      first.document.nodes.find((n: { id: string }) => n.id === 'wait-1-day').config.duration.amount,
    ).toBe(1);
    expect((await t.api({ method: 'GET', url: `/api/journeys/${journey.id}/versions/9` })).statusCode).toBe(
      404,
    );

    const restored = await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/versions/1/restore` });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().revision).toBe(2);
    const draft = (await t.api({ method: 'GET', url: `/api/journeys/${journey.id}` })).json();
    expect(
      draft.document.nodes.find((n: { id: string }) => n.id === 'wait-1-day').config.duration.amount,
    ).toBe(1);
    expect(draft.publishedVersion).toBe(2);
  });

  it('pauses, resumes, archives and duplicates; an archived draft cannot change', async () => {
    const journey = await create({ templateId: 'welcome-series' });
    const action = (name: string) => t.api({ method: 'POST', url: `/api/journeys/${journey.id}/${name}` });
    expect((await action('pause')).statusCode).toBe(409);
    await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/publish` });
    expect((await action('pause')).json()).toEqual({ status: 'paused' });
    const again = await action('pause');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/paused/);
    expect((await action('resume')).json()).toEqual({ status: 'live' });
    expect((await action('archive')).json()).toEqual({ status: 'archived' });

    const save = await t.api({
      method: 'PUT',
      url: `/api/journeys/${journey.id}/draft`,
      payload: { document: journey.document, revision: 0 },
    });
    expect(save.statusCode).toBe(409);
    expect(save.json().error.code).toBe('journey-archived');

    const copy = await action('duplicate');
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({
      name: `${journey.name} (copy)`,
      status: 'draft',
      publishedVersion: null,
    });
  });

  it('answers 404 for an unknown journey', async () => {
    const response = await t.api({ method: 'GET', url: '/api/journeys/jrn_missing' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('journey-not-found');
  });
});
