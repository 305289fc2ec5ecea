import { testDatabaseKinds } from '@stagecraft/db/testing';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper';

type Entry = {
  id: string;
  at: string;
  actor: { kind: string; id: string; name: string | null };
  address: string | null;
  action: string;
  target: { kind: string; id: string };
  before: unknown;
  after: unknown;
};

describe.each(testDatabaseKinds())('audit trail on %s', (kind) => {
  let t: TestApp;
  let tokenId: string;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    const tokens = (await t.api({ url: '/api/settings/tokens' })).json().tokens as {
      id: string;
      current: boolean;
    }[];
    tokenId = tokens.find((token) => token.current)!.id;
  });
  afterAll(() => t.close());

  async function entries(query = ''): Promise<{ entries: Entry[]; nextCursor: string | null }> {
    const response = await t.api({ url: `/api/audit${query}` });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  async function createJourney(name: string) {
    const response = await t.api({
      method: 'POST',
      url: '/api/journeys',
      payload: { templateId: 'welcome-series', name },
    });
    return response.json() as { id: string; revision: number; document: Record<string, unknown> };
  }

  it('records publish, pause, resume and archive with who, from where, before and after', async () => {
    const journey = await createJourney('Audited');
    expect((await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/publish` })).statusCode).toBe(
      201,
    );
    await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/pause` });
    await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/resume` });
    await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/archive` });
    const { entries: trail } = await entries(`?target=journey:${journey.id}`);
    expect(trail.map((e) => e.action)).toEqual([
      'journey.archive',
      'journey.resume',
      'journey.pause',
      'journey.publish',
    ]);
    const [archive, resume, pause, publish] = trail;
    expect(publish).toMatchObject({
      actor: { kind: 'token', id: tokenId, name: 'From STAGECRAFT_ADMIN_TOKEN' },
      address: '127.0.0.1',
      target: { kind: 'journey', id: journey.id },
      before: null,
      after: { version: 1 },
    });
    expect(pause).toMatchObject({ before: { status: 'live' }, after: { status: 'paused' } });
    expect(resume).toMatchObject({ before: { status: 'paused' }, after: { status: 'live' } });
    expect(archive).toMatchObject({ before: { status: 'live' }, after: { status: 'archived' } });
    // A refused change records nothing.
    await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/pause` });
    expect((await entries(`?target=${journey.id}`)).entries).toHaveLength(4);
  });

  it('shows who published each version', async () => {
    const journey = await createJourney('Versions');
    const published = await t.api({ method: 'POST', url: `/api/journeys/${journey.id}/publish` });
    expect(published.json().publishedBy).toEqual({
      kind: 'token',
      id: tokenId,
      name: 'From STAGECRAFT_ADMIN_TOKEN',
    });
    const { versions } = (await t.api({ url: `/api/journeys/${journey.id}/versions` })).json();
    expect(versions[0].publishedBy).toEqual({
      kind: 'token',
      id: tokenId,
      name: 'From STAGECRAFT_ADMIN_TOKEN',
    });
  });

  it('coalesces draft saves: one entry per journey and actor per ten minutes', async () => {
    const journey = await createJourney('Drafted');
    let revision = journey.revision;
    const save = async () => {
      const response = await t.api({
        method: 'PUT',
        url: `/api/journeys/${journey.id}/draft`,
        payload: { document: journey.document, revision },
      });
      expect(response.statusCode).toBe(200);
      revision = response.json().revision;
    };
    await save();
    await save();
    t.clock.advance(9 * 60_000);
    await save();
    const first = (await entries(`?action=journey.draft&target=journey:${journey.id}`)).entries;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      before: { revision: journey.revision },
      after: { revision: journey.revision + 1 },
    });
    t.clock.advance(2 * 60_000);
    await save();
    const second = (await entries(`?action=journey.draft&target=journey:${journey.id}`)).entries;
    expect(second).toHaveLength(2);
    expect(second[0]!.after).toMatchObject({ revision: journey.revision + 4 });
  });

  it('records settings and keys without secrets', async () => {
    await t.api({
      method: 'PUT',
      url: '/api/settings/workspace',
      payload: { name: 'Renamed', timeZone: 'Europe/Berlin' },
    });
    const made = await t.api({ method: 'POST', url: '/api/write-keys', payload: { name: 'site' } });
    const token = await t.api({
      method: 'POST',
      url: '/api/settings/tokens',
      payload: { name: 'ci', role: 'marketer' },
    });
    await t.api({ method: 'DELETE', url: `/api/write-keys/${made.json().writeKey.id}` });
    const { entries: trail } = await entries('?limit=10');
    const settings = trail.find((e) => e.action === 'settings.update' && e.target.id === 'workspace')!;
    expect(settings.before).toMatchObject({ timeZone: 'UTC' });
    expect(settings.after).toMatchObject({ name: 'Renamed', timeZone: 'Europe/Berlin' });
    const keys = trail.filter((e) => e.action.startsWith('keys.'));
    expect(keys.map((e) => [e.action, e.target.kind])).toEqual([
      ['keys.revoke', 'write-key'],
      ['keys.create', 'token'],
      ['keys.create', 'write-key'],
    ]);
    expect(keys[1]!.after).toMatchObject({ name: 'ci', role: 'marketer' });
    const text = JSON.stringify(trail);
    expect(text).not.toContain(made.json().key);
    expect(text).not.toContain(token.json().secret);
  });

  it('records segment changes with the rules before and after', async () => {
    const rules = (value: string) => ({ all: [{ field: 'profile.plan', operator: 'equals', value }] });
    const created = await t.api({
      method: 'POST',
      url: '/api/segments',
      payload: { name: 'Pro', rules: rules('pro') },
    });
    const id = created.json().id as string;
    await t.api({
      method: 'PUT',
      url: `/api/segments/${id}`,
      payload: { name: 'Pro+', rules: rules('pro-plus') },
    });
    await t.api({ method: 'DELETE', url: `/api/segments/${id}` });
    const trail = (await entries(`?target=segment:${id}`)).entries;
    expect(trail.map((e) => e.action)).toEqual(['segment.delete', 'segment.update', 'segment.create']);
    expect(trail[1]).toMatchObject({
      before: { name: 'Pro', rules: rules('pro') },
      after: { name: 'Pro+', rules: rules('pro-plus') },
    });
    expect(trail[0]!.before).toMatchObject({ name: 'Pro+' });
  });

  it('pages newest first with a cursor and filters by time, actor and action', async () => {
    const page1 = await entries('?limit=2');
    expect(page1.entries).toHaveLength(2);
    const page2 = await entries(`?limit=2&cursor=${page1.nextCursor}`);
    expect(Number(page2.entries[0]!.id)).toBeLessThan(Number(page1.entries[1]!.id));
    const all = (await entries('?limit=200')).entries;
    let walked: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page = await entries(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      walked = walked.concat(page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect((await entries(`?actor=${tokenId}&limit=200`)).entries).toHaveLength(all.length);
    expect((await entries('?actor=adm_nobody')).entries).toEqual([]);
    const journeyActions = (await entries('?action=journey&limit=200')).entries;
    expect(journeyActions.length).toBeGreaterThan(0);
    expect(journeyActions.every((e) => e.action.startsWith('journey.'))).toBe(true);
    const future = new Date(t.clock.now() + 60_000).toISOString();
    expect((await entries(`?from=${future}`)).entries).toEqual([]);
    expect((await entries(`?to=${future}&limit=200`)).entries).toHaveLength(all.length);
  });

  it('records a request without a workspace (a failed sign-in) in the default workspace, by address', async () => {
    const request = {
      server: t.app,
      workspaceId: '',
      credential: null,
      ip: '203.0.113.7',
    } as unknown as FastifyRequest;
    await t.app.audit(request, {
      action: 'session.sign-in-failed',
      target: { kind: 'user', id: 'someone@example.com' },
    });
    const [entry] = (await entries('?action=session.sign-in-failed')).entries;
    expect(entry).toMatchObject({
      actor: { kind: 'system', id: 'anonymous', name: null },
      address: '203.0.113.7',
      target: { kind: 'user', id: 'someone@example.com' },
    });
  });

  it('refuses bad filters with the field to fix', async () => {
    for (const [query, field] of [
      ['?cursor=abc', 'cursor'],
      ['?from=yesterday', 'from'],
      ['?action=DROP%20TABLE', 'action'],
      ['?limit=0', 'limit'],
    ] as const) {
      const response = await t.api({ url: `/api/audit${query}` });
      expect([query, response.statusCode]).toEqual([query, 400]);
      expect(response.json().error.field).toBe(field);
    }
  });

  it('keeps entries append-only: the database refuses updates and deletes', async () => {
    await expect(t.database.sql.executeSql(`update audit_entries set action = 'x'`, [])).rejects.toThrow(
      /cannot be changed or deleted/,
    );
    await expect(t.database.sql.executeSql(`delete from audit_entries`, [])).rejects.toThrow(
      /cannot be changed or deleted/,
    );
    await expect(t.database.sql.executeSql(`truncate audit_entries`, [])).rejects.toThrow(
      /cannot be changed or deleted/,
    );
  });

  it('purges entries past the workspace retention, and only those', async () => {
    const before = (await entries('?limit=200')).entries.length;
    const set = await t.api({
      method: 'PUT',
      url: '/api/settings/workspace',
      payload: { name: 'Renamed', timeZone: 'UTC', auditRetentionDays: 2 },
    });
    expect(set.json().auditRetentionDays).toBe(2);
    t.clock.advance(3 * 86_400_000);
    await t.api({ method: 'POST', url: '/api/write-keys', payload: { name: 'after' } });
    expect(await t.app.repositories.audit.purgeExpired()).toBe(before + 1);
    const left = (await entries('?limit=200')).entries;
    expect(left.map((e) => e.action)).toEqual(['keys.create']);
    const bad = await t.api({
      method: 'PUT',
      url: '/api/settings/workspace',
      payload: { name: 'Renamed', timeZone: 'UTC', auditRetentionDays: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('auditRetentionDays');
  });
});
