import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp } from '../helper';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(testDatabaseKinds())('workspaces, tokens and write keys on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  async function newWorkspace(name: string) {
    const response = await t.api({ method: 'POST', url: '/api/workspaces', payload: { name } });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; name: string };
  }

  it('creates a workspace with the default stages and settings, reached through its own token', async () => {
    const created = await newWorkspace('  Brand B ');
    expect(created).toEqual({ id: expect.stringMatching(/^ws_/), name: 'Brand B' });
    const made = await t.api({
      method: 'POST',
      url: `/api/workspaces/${created.id}/tokens`,
      payload: { name: 'B automation', role: 'admin' },
    });
    expect(made.statusCode).toBe(201);
    expect(Object.keys(made.json()).sort()).toEqual(['id', 'token']);
    const token = made.json().token as string;
    const settings = await t.app.inject({ url: '/api/settings/workspace', headers: bearer(token) });
    expect(settings.json()).toMatchObject({ name: 'Brand B', timeZone: 'UTC' });
    const stages = await t.app.inject({ url: '/api/settings/stages', headers: bearer(token) });
    expect(stages.json().stages).toHaveLength(6);
    const journeys = await t.app.inject({ url: '/api/journeys', headers: bearer(token) });
    expect(journeys.json().journeys).toEqual([]);
    // The token is listed in its own workspace with its role, never with its secret.
    const listed = await t.app.inject({ url: '/api/settings/tokens', headers: bearer(token) });
    expect(listed.json().tokens).toEqual([
      expect.objectContaining({ id: made.json().id, name: 'B automation', role: 'admin', current: true }),
    ]);
    expect(listed.body).not.toContain(token);
  });

  it('refuses bad names with a sentence naming the field', async () => {
    const response = await t.api({ method: 'POST', url: '/api/workspaces', payload: { name: ' ' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'invalid-request', field: 'name' });
    const role = await t.api({
      method: 'POST',
      url: '/api/workspaces/default/tokens',
      payload: { name: 'x', role: 'superuser' },
    });
    expect(role.statusCode).toBe(400);
    expect(role.json().error.field).toBe('role');
  });

  it('answers 404 for a workspace the caller does not belong to, also to its own tokens', async () => {
    const b = await newWorkspace('B');
    const c = await newWorkspace('C');
    const bToken = (
      await t.api({
        method: 'POST',
        url: `/api/workspaces/${b.id}/tokens`,
        payload: { name: 'b', role: 'owner' },
      })
    ).json().token as string;
    for (const [method, url] of [
      ['GET', `/api/workspaces/${c.id}/tokens`],
      ['POST', `/api/workspaces/${c.id}/tokens`],
      ['GET', `/api/workspaces/${c.id}/write-keys`],
      ['POST', `/api/workspaces/${c.id}/write-keys`],
      ['DELETE', `/api/workspaces/${c.id}/write-keys/wk_x`],
      ['GET', '/api/workspaces/default/tokens'],
      ['GET', '/api/workspaces/ws_nothing/write-keys'],
    ] as const) {
      const response = await t.app.inject({
        method,
        url,
        headers: bearer(bToken),
        ...(method === 'POST' ? { payload: { name: 'x', role: 'viewer' } } : {}),
      });
      expect([url, response.statusCode]).toEqual([url, 404]);
      expect(response.json().error.code).toBe('workspace-not-found');
    }
  });

  it('lets only an owner of the default workspace create workspaces', async () => {
    const b = await newWorkspace('Owners B');
    const bOwner = (
      await t.api({
        method: 'POST',
        url: `/api/workspaces/${b.id}/tokens`,
        payload: { name: 'o', role: 'owner' },
      })
    ).json().token as string;
    const admin = (
      await t.api({ method: 'POST', url: '/api/settings/tokens', payload: { name: 'a', role: 'admin' } })
    ).json().secret as string;
    // An owner elsewhere passes the permission check and is refused as not the instance's owner;
    // an admin of the default workspace lacks the permission itself.
    for (const [token, code] of [
      [bOwner, 'instance-owner-only'],
      [admin, 'permission-denied'],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/workspaces',
        headers: bearer(token),
        payload: { name: 'More' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe(code);
    }
  });

  it('refuses a token role above the caller’s', async () => {
    const made = await t.api({
      method: 'POST',
      url: '/api/workspaces/default/tokens',
      payload: { name: 'admin', role: 'admin' },
    });
    const admin = made.json().token as string;
    // An admin may manage keys, but not make a token that can do more than it can.
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/settings/tokens',
      headers: bearer(admin),
      payload: { name: 'escalate', role: 'owner' },
    });
    expect(up.statusCode).toBe(403);
    expect(up.json().error).toMatchObject({ code: 'role-above-yours', field: 'role' });
  });

  it('gives each write key one workspace: events reach only its customers', async () => {
    const b = await newWorkspace('Ingest B');
    const made = await t.api({
      method: 'POST',
      url: `/api/workspaces/${b.id}/write-keys`,
      payload: { name: 'site' },
    });
    expect(made.statusCode).toBe(201);
    expect(Object.keys(made.json()).sort()).toEqual(['id', 'key']);
    const bToken = (
      await t.api({
        method: 'POST',
        url: `/api/workspaces/${b.id}/tokens`,
        payload: { name: 'b', role: 'admin' },
      })
    ).json().token as string;
    const sent = await t.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { authorization: basic(made.json().key) },
      payload: { userId: 'same-user', traits: { plan: 'b-plan' } },
    });
    expect(sent.statusCode).toBe(200);
    await t.runtime.drain();
    const inB = await t.app.inject({ url: '/api/customers/same-user', headers: bearer(bToken) });
    expect(inB.json().traits).toEqual({ plan: 'b-plan' });
    expect((await t.api({ url: '/api/customers/same-user' })).statusCode).toBe(404);

    const listed = await t.app.inject({ url: `/api/workspaces/${b.id}/write-keys`, headers: bearer(bToken) });
    expect(listed.json().writeKeys.map((k: { id: string }) => k.id)).toEqual([made.json().id]);
    const revoked = await t.api({
      method: 'DELETE',
      url: `/api/workspaces/${b.id}/write-keys/${made.json().id}`,
    });
    expect(revoked.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { authorization: basic(made.json().key) },
      payload: { userId: 'same-user' },
    });
    expect(after.statusCode).toBe(401);
  });

  it('revokes a workspace token: it stops working at once', async () => {
    const b = await newWorkspace('Revoke B');
    const made = (
      await t.api({
        method: 'POST',
        url: `/api/workspaces/${b.id}/tokens`,
        payload: { name: 'b', role: 'admin' },
      })
    ).json();
    expect((await t.app.inject({ url: '/api/journeys', headers: bearer(made.token) })).statusCode).toBe(200);
    const revoked = await t.api({ method: 'DELETE', url: `/api/workspaces/${b.id}/tokens/${made.id}` });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/journeys', headers: bearer(made.token) })).statusCode).toBe(401);
    const again = await t.api({ method: 'DELETE', url: `/api/workspaces/${b.id}/tokens/${made.id}` });
    expect(again.statusCode).toBe(404);
  });
});
