import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '@stagecraft/db';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission } from '../../src/auth/permissions';
import { buildTestApp, type TestApp } from '../helper';
import { addPerson } from './support';

/** A URL for a route pattern: each `:param` becomes an id nothing has. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z]+/g, 'nothing-here').replace(/\*$/, 'nothing-here');
}

describe.each(testDatabaseKinds())('declared permissions on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // A built editor, so the static file routes are registered and walked too.
    const webRoot = mkdtempSync(join(tmpdir(), 'stagecraft-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Stagecraft</title>');
    t = await buildTestApp(kind, {}, { webRoot });
  });
  afterAll(() => t.close());

  it('every registered route declares a permission or that it is public', () => {
    const routes = t.app.routeAccess;
    expect(routes.length).toBeGreaterThan(80);
    const undeclared = routes.filter((route) => route.access === null).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    // Only sign-in style routes of /api are public.
    const publicApi = routes
      .filter((route) => route.url.startsWith('/api/') && route.access && 'public' in route.access)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicApi).toEqual([
      'GET /api/setup',
      'POST /api/invitations/accept',
      'POST /api/invitations/lookup',
      'POST /api/password-resets',
      'POST /api/password-resets/confirm',
      'POST /api/session',
      'POST /api/setup/owner',
    ]);
  });

  it('refuses every role the permission table refuses, on every route, and lets the others through', async () => {
    const people = new Map<string, string>();
    for (const role of ROLES) people.set(role, (await addPerson(t, `${role}@matrix.test`, role)).id);
    const routes = t.app.routeAccess.filter(
      (route) => route.url.startsWith('/api/') && route.access && 'permission' in route.access,
    );
    const wrong: string[] = [];
    for (const route of routes) {
      const { permission } = route.access as { permission: Permission };
      for (const role of ROLES) {
        // A fresh session per request: an allowed sign-out must not end the next request's.
        const userId = people.get(role)!;
        const session = await t.app.repositories.sessions.create('default', { userId }, 1);
        const response = await t.app.inject({
          method: route.method as 'GET',
          url: concrete(route.url),
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
          headers: { cookie: `stagecraft_session=${session.secret}`, 'x-csrf-token': session.csrfToken },
        });
        const refused = response.statusCode === 403 && response.json().error.code === 'permission-denied';
        const expected = !can(role, permission);
        if (refused !== expected || response.statusCode === 401 || response.statusCode >= 500) {
          wrong.push(
            `${role} ${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 120)}`,
          );
        }
      }
    }
    expect(routes.length).toBeGreaterThan(70);
    expect(wrong).toEqual([]);
  });
});
