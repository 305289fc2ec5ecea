import { suppressions } from '@stagecraft/db';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, buildTestApp, type TestApp, WRITE_KEY } from '../helper';

/**
 * Two workspaces on one server, each with its own token and write key, the same customer id
 * ingested into both and the same journey published in both. Every registered route is called
 * with workspace B's token: with A's ids it answers 404, and nothing it answers holds A's data.
 */

const SHARED_USER = 'shared-user';
const ALPHA = 'alpha-marker-7f3c';
const BRAVO = 'bravo-marker-91d2';
const AT = '2030-01-07T09:00:00Z';

/** Routes outside the management API, and why B's credential has nothing of A's to reach there. */
const OUTSIDE_API: Record<string, string> = {
  'GET /health': 'liveness, no data',
  'GET /ready': 'readiness, no data',
  'GET /docs/json': 'the API description',
  'GET /docs/yaml': 'the API description',
  'GET /docs/static/index.html': 'Swagger UI files',
  'GET /docs/static/swagger-initializer.js': 'Swagger UI files',
  'GET /docs/static/*': 'Swagger UI files',
  'GET /u': 'unsubscribe page: the workspace comes from the signed link',
  'POST /u': 'one-click unsubscribe: the workspace comes from the signed link',
  'GET /t/o': 'open tracking: the workspace comes from the signed link',
  'GET /t/c': 'click tracking: the workspace comes from the signed link',
  'POST /hooks/delivery-status': "provider callbacks: the workspace comes from the message's signed id",
  'GET /plugins/*': 'card view modules of installed plugin packages, the same for every workspace',
  'POST /api/session': 'sign-in: opens a session in the credential’s own workspace',
  'GET /api/session': 'the session of the caller',
  'DELETE /api/session': 'ends the session of the caller',
};

/** The /v1 routes: ingestion, checked below with each workspace's write key. */
const INGESTION = /^POST \/v1\//;

/** One workspace's credentials and the ids of what it holds. */
function side(token: string, key: string) {
  return {
    token,
    key,
    workspace: '',
    journey: '',
    welcome: '',
    segment: '',
    clock: '',
    tokenId: '',
    keyId: '',
    message: '',
  };
}
type Side = ReturnType<typeof side>;

describe.each(testDatabaseKinds())('workspace isolation on %s', (kind) => {
  let t: TestApp;
  const a = side(ADMIN_TOKEN, WRITE_KEY);
  const b = side('', '');

  const as = (token: string, request: InjectOptions) =>
    t.app.inject({ ...request, headers: { authorization: `Bearer ${token}`, ...request.headers } });

  async function ok(token: string, request: InjectOptions, status = 200) {
    const response = await as(token, request);
    expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBe(status);
    return response.json();
  }

  const ingest = (key: string, batch: object[]) => t.ingest(batch, { writeKey: key });

  /** The same story in both workspaces, with each workspace's marker in names and traits. */
  async function populate(token: string, key: string, marker: string, ids: Side) {
    const journey = await ok(
      token,
      {
        method: 'POST',
        url: '/api/journeys',
        payload: { templateId: 'ab-subject-test', name: `Journey ${marker}` },
      },
      201,
    );
    ids.journey = journey.id;
    await ok(token, { method: 'POST', url: `/api/journeys/${journey.id}/publish` }, 201);
    const welcome = await ok(
      token,
      {
        method: 'POST',
        url: '/api/journeys',
        payload: { templateId: 'welcome-series', name: `Welcome ${marker}` },
      },
      201,
    );
    ids.welcome = welcome.id;
    await ok(token, { method: 'POST', url: `/api/journeys/${welcome.id}/publish` }, 201);
    await ingest(key, [
      { type: 'identify', userId: SHARED_USER, traits: { email: `${marker}@example.com`, note: marker } },
      { type: 'track', userId: SHARED_USER, event: 'user.signed_up', properties: { source: marker } },
    ]);
    const segment = await ok(
      token,
      {
        method: 'POST',
        url: '/api/segments',
        payload: {
          name: `Segment ${marker}`,
          rules: { all: [{ field: 'profile.note', operator: 'equals', value: marker }] },
        },
      },
      201,
    );
    ids.segment = segment.id;
    const clock = await ok(
      token,
      { method: 'POST', url: '/api/test-clocks', payload: { name: `Clock ${marker}`, start: AT } },
      201,
    );
    ids.clock = clock.id;
    const madeToken = await ok(
      token,
      { method: 'POST', url: '/api/settings/tokens', payload: { name: `Token ${marker}`, role: 'viewer' } },
      201,
    );
    ids.tokenId = madeToken.token.id;
    const madeKey = await ok(
      token,
      { method: 'POST', url: '/api/write-keys', payload: { name: `Key ${marker}` } },
      201,
    );
    ids.keyId = madeKey.writeKey.id;
    await ok(token, {
      method: 'PUT',
      url: '/api/settings/workspace',
      payload: { name: `Workspace ${marker}`, timeZone: 'Europe/Berlin' },
    });
    await ok(token, {
      method: 'PUT',
      url: '/api/settings/stages',
      payload: { stages: [{ id: `stage-${marker}`, name: `Stage ${marker}`, color: '#336699' }] },
    });
    const { messages } = await ok(token, { url: '/api/messages' });
    expect(messages.length).toBeGreaterThan(0);
    ids.message = messages[0].id;
  }

  beforeAll(async () => {
    t = await buildTestApp(kind);
    const created = await ok(
      a.token,
      { method: 'POST', url: '/api/workspaces', payload: { name: 'B' } },
      201,
    );
    b.workspace = created.id;
    b.token = (
      await ok(
        a.token,
        {
          method: 'POST',
          url: `/api/workspaces/${b.workspace}/tokens`,
          payload: { name: 'B owner', role: 'owner' },
        },
        201,
      )
    ).token;
    b.key = (
      await ok(
        a.token,
        { method: 'POST', url: `/api/workspaces/${b.workspace}/write-keys`, payload: { name: 'B site' } },
        201,
      )
    ).key;
    a.workspace = 'default';
    await populate(a.token, a.key, ALPHA, a);
    await populate(b.token, b.key, BRAVO, b);
    await t.database.db.insert(suppressions).values({
      workspaceId: 'default',
      channel: 'email',
      address: `${ALPHA}@example.com`,
      reason: 'bounced',
    });
    await ingest(a.key, [{ type: 'identify', userId: `only-in-a-${ALPHA}`, traits: { note: ALPHA } }]);
  }, 120_000);
  afterAll(() => t.close());

  /** A's identifiers and markers: none may appear in anything B's token is answered. */
  const alphaTraces = () =>
    [ALPHA, a.journey, a.welcome, a.segment, a.clock, a.tokenId, a.keyId, a.message].filter(
      Boolean,
    ) as string[];

  /** A request that names A's objects for each route with a path parameter, with a body that passes validation. */
  function foreignRequest(method: string, url: string): InjectOptions | null {
    const path = url
      .replace(
        '/api/journeys/:id/experiments/:nodeId',
        `/api/journeys/${a.journey}/experiments/subject-split`,
      )
      .replace('/api/journeys/:id/versions/:version', `/api/journeys/${a.journey}/versions/1`)
      .replace('/api/journeys/:id/nodes/:nodeId/waiting', `/api/journeys/${a.journey}/nodes/wait/waiting`)
      .replace(
        '/api/journeys/:id/publish-requests/:requestId',
        `/api/journeys/${a.journey}/publish-requests/pub-unknown`,
      )
      .replace('/api/journeys/:id', `/api/journeys/${a.journey}`)
      .replace('/api/segments/:id', `/api/segments/${a.segment}`)
      .replace('/api/test-clocks/:id', `/api/test-clocks/${a.clock}`)
      .replace('/api/customers/:id', `/api/customers/only-in-a-${ALPHA}`)
      .replace('/api/messages/:id', `/api/messages/${encodeURIComponent(a.message)}`)
      .replace('/api/settings/tokens/:id', `/api/settings/tokens/${a.tokenId}`)
      .replace('/api/write-keys/:id', `/api/write-keys/${a.keyId}`)
      .replace('/api/workspaces/:id/tokens/:tokenId', `/api/workspaces/default/tokens/${a.tokenId}`)
      .replace('/api/workspaces/:id/write-keys/:keyId', `/api/workspaces/default/write-keys/${a.keyId}`)
      .replace('/api/workspaces/:id', '/api/workspaces/default')
      .replace('/api/people/invitations/:invitationId', '/api/people/invitations/inv-unknown')
      .replace('/api/people/:userId', '/api/people/usr-unknown')
      // Package names are not ids: B's own settings of a package that is not installed.
      .replace('/api/settings/plugins/:package', '/api/settings/plugins/not-installed')
      .replace('/api/suppressions/:channel/:address', `/api/suppressions/email/${ALPHA}%40example.com`);
    if (/\/:[a-zA-Z]/.test(path)) return null;
    const bodies: Record<string, object> = {
      'PUT /api/journeys/:id/draft': { document: { name: 'x', nodes: [], edges: [] }, revision: 0 },
      'POST /api/journeys/:id/validate': { document: { name: 'x', nodes: [], edges: [] } },
      'POST /api/journeys/:id/migrations/preview': { fromVersion: 1, toVersion: 1, nodeMap: {} },
      'POST /api/journeys/:id/migrations/apply': { fromVersion: 1, toVersion: 1, nodeMap: {} },
      'POST /api/journeys/:id/enter': { customerId: SHARED_USER },
      'POST /api/journeys/:id/experiments/:nodeId/promote': { arm: 'a' },
      'PUT /api/segments/:id': {
        name: 'x',
        rules: { all: [{ field: 'profile.note', operator: 'equals', value: 'x' }] },
      },
      'POST /api/test-clocks/:id/customers': { userId: 'clock-user' },
      'POST /api/test-clocks/:id/events': { userId: 'clock-user', event: 'user.signed_up' },
      'POST /api/test-clocks/:id/advance': { to: '2030-01-08T09:00:00Z' },
      'PUT /api/customers/:id/consent': { email: 'unsubscribed' },
      'POST /api/workspaces/:id/tokens': { name: 'x', role: 'viewer' },
      'POST /api/workspaces/:id/write-keys': { name: 'x' },
      'POST /api/journeys/:id/publish-requests/:requestId/reject': { note: 'x' },
      'PUT /api/people/:userId': { role: 'viewer' },
      'PUT /api/settings/plugins/:package': {},
    };
    const body = bodies[`${method} ${url}`];
    return { method: method as InjectOptions['method'], url: path, ...(body ? { payload: body } : {}) };
  }

  /**
   * Parameterless routes that change B's own workspace: a body that passes validation, or the
   * reason the walk does not call it (it names nothing of another workspace either way).
   */
  const OWN_CHANGES: Record<string, object | string> = {
    'POST /api/journeys': { name: 'B again' },
    'POST /api/simulate': 'runs a document sent in the body on a virtual clock; reads no stored data',
    'POST /api/test-clocks': { name: 'B clock 2', start: AT },
    'POST /api/analytics/clv/fit': {},
    'POST /api/segments': {
      name: 'B seg 2',
      rules: { all: [{ field: 'profile.note', operator: 'equals', value: 'y' }] },
    },
    'POST /api/segments/preview': {
      rules: { all: [{ field: 'profile.note', operator: 'equals', value: ALPHA }] },
    },
    'PUT /api/settings/stages': { stages: [{ id: 'b-stage', name: 'B stage', color: '#112233' }] },
    'PUT /api/settings/workspace': { name: 'Workspace B', timeZone: 'UTC' },
    'PUT /api/settings/analytics': {},
    'PUT /api/settings/channels/email':
      'provider settings of the caller’s workspace (tests/delivery cover them)',
    'PUT /api/settings/channels/sms':
      'provider settings of the caller’s workspace (tests/delivery cover them)',
    'PUT /api/settings/channels/push':
      'provider settings of the caller’s workspace (tests/delivery cover them)',
    'PUT /api/settings/guardrails': {},
    'POST /api/write-keys': { name: 'B key 2' },
    'POST /api/settings/tokens': { name: 'B token 2', role: 'viewer' },
    'POST /api/workspaces': { name: 'C' },
    'POST /api/node-types/preview': { nodes: [] },
    'POST /api/people/invitations': { email: 'someone@b.example', role: 'viewer' },
    'DELETE /api/session/all': 'signs the caller out everywhere; names no workspace’s data',
    'POST /api/session/workspace':
      'moves a person’s own session; the people suite checks non-members get 404',
    'POST /api/setup/owner': 'first run of the instance; closed once the owner exists (people suite)',
    'POST /api/password-resets': 'asks for a reset link by email; always 202, names no workspace’s data',
    'POST /api/password-resets/confirm':
      'uses a secret reset link; an unknown one answers 404 (people suite)',
    'POST /api/invitations/lookup': 'reads the invitation a secret link names; unknown ones answer 404',
    'POST /api/invitations/accept': 'accepts the invitation a secret link names; unknown ones answer 404',
  };

  /** Query strings reads need, by route. */
  const QUERIES: Record<string, string> = {
    'GET /api/analytics/stages': '?from=2030-01-01&to=2030-02-01',
    'GET /api/analytics/metrics': '?from=2030-01-01&to=2030-02-01',
  };

  /** Answers other than 200 that are B's own state, not a refusal to show A's. */
  const OWN_ANSWERS: Record<string, number> = {
    'GET /api/analytics/clv/model': 404,
    'POST /api/analytics/clv/fit': 422,
    'POST /api/settings/channels/:channel/test': 409,
    // Creating workspaces is the instance owner's (an owner of the default workspace), not B's.
    'POST /api/workspaces': 403,
  };

  it('walks every registered route: A’s ids answer 404 to B, and nothing B reads holds A’s data', async () => {
    const uncovered: string[] = [];
    const leaks: string[] = [];
    const wrongStatus: string[] = [];
    for (const { method, url } of t.app.routeTable) {
      const key = `${method} ${url}`;
      if (OUTSIDE_API[key] || INGESTION.test(key)) continue;
      let request: InjectOptions | null;
      let expected: number | null = null;
      const own = OWN_ANSWERS[key];
      if (key === 'POST /api/settings/channels/:channel/test') {
        // Channel names are not ids: B's own channel, unconfigured.
        request = {
          method: 'POST',
          url: '/api/settings/channels/email/test',
          payload: { to: 'x@example.com' },
        };
      } else if (url.includes(':')) {
        request = foreignRequest(method, url);
        expected = 404;
      } else if (method === 'GET') request = { method: 'GET', url: `${url}${QUERIES[key] ?? ''}` };
      else if (key in OWN_CHANGES) {
        const body = OWN_CHANGES[key]!;
        if (typeof body === 'string') continue;
        request = { method: method as InjectOptions['method'], url, payload: body };
      } else request = null;
      if (own) expected = own;
      if (!request) {
        uncovered.push(key);
        continue;
      }
      const response = await as(b.token, request);
      if (expected !== null && response.statusCode !== expected)
        wrongStatus.push(`${key} -> ${response.statusCode} ${response.body.slice(0, 200)}`);
      if (expected === null && response.statusCode >= 400)
        wrongStatus.push(`${key} -> ${response.statusCode} ${response.body.slice(0, 200)}`);
      // A refusal may repeat the id it was sent; anything else of A's is a leak.
      const sent =
        response.statusCode === 404 ? `${request.url} ${JSON.stringify(request.payload ?? '')}` : '';
      for (const trace of alphaTraces()) {
        if (response.body.includes(trace) && !sent.includes(trace)) leaks.push(`${key} shows ${trace}`);
      }
    }
    expect(uncovered, 'routes this suite does not know how to call: add them').toEqual([]);
    expect(wrongStatus).toEqual([]);
    expect(leaks).toEqual([]);
  });

  it('keeps A intact after everything B tried', async () => {
    const journey = await ok(a.token, { url: `/api/journeys/${a.journey}` });
    expect(journey).toMatchObject({ name: `Journey ${ALPHA}`, status: 'live', publishedVersion: 1 });
    expect((await ok(a.token, { url: `/api/segments/${a.segment}` })).name).toBe(`Segment ${ALPHA}`);
    expect((await ok(a.token, { url: `/api/test-clocks/${a.clock}` })).name).toBe(`Clock ${ALPHA}`);
    const tokens = (await ok(a.token, { url: '/api/settings/tokens' })).tokens;
    expect(tokens.find((x: { id: string }) => x.id === a.tokenId).revokedAt).toBeNull();
    const keys = (await ok(a.token, { url: '/api/write-keys' })).writeKeys;
    expect(keys.find((x: { id: string }) => x.id === a.keyId).revokedAt).toBeNull();
    const customer = await ok(a.token, { url: `/api/customers/only-in-a-${ALPHA}` });
    expect(customer.consent.email).not.toBe('unsubscribed');
    const { suppressions: listed } = await ok(a.token, { url: '/api/suppressions' });
    expect(listed).toHaveLength(1);
    const { experiments } = await ok(a.token, { url: `/api/journeys/${a.journey}/experiments` });
    expect(experiments[0].decision).toBeNull();
  });

  it('keeps the same userId apart: each workspace sees its own customer, runs and messages', async () => {
    // The welcome series' one-day waits fire as timers in both workspaces: each sends its own tips.
    t.clock.advance(86_400_000 + 60_000);
    await t.runtime.drain();
    for (const [side, marker, other] of [
      [a, ALPHA, BRAVO],
      [b, BRAVO, ALPHA],
    ] as const) {
      const customer = await ok(side.token, { url: `/api/customers/${SHARED_USER}` });
      expect(customer.traits).toMatchObject({ note: marker, email: `${marker}@example.com` });
      const text = JSON.stringify(customer);
      expect(text).toContain(side.journey);
      expect(text).not.toContain(other);
      const { messages } = await ok(side.token, { url: '/api/messages' });
      const tips = messages.filter((m: { name: string | null }) => m.name === 'Getting started tips');
      expect(tips.map((m: { customerId: string }) => m.customerId)).toEqual([SHARED_USER]);
      expect(
        messages.every((m: { journeyId: string }) => [side.journey, side.welcome].includes(m.journeyId)),
      ).toBe(true);
      const stats = await ok(side.token, { url: `/api/journeys/${side.journey}/stats` });
      expect(stats.totals.runs).toBe(1);
    }
  });

  it('keeps every setting per workspace: zone, stages, channels, caps, quiet hours, signing secret, metrics', async () => {
    const read = async (token: string) => ({
      workspace: await ok(token, { url: '/api/settings/workspace' }),
      stages: await ok(token, { url: '/api/settings/stages' }),
      guardrails: await ok(token, { url: '/api/settings/guardrails' }),
      analytics: await ok(token, { url: '/api/settings/analytics' }),
      channels: await ok(token, { url: '/api/settings/channels' }),
      secret: (await ok(token, { url: '/api/settings/signing-secret' })).secret as string,
    });
    const bBefore = await read(b.token);
    await ok(a.token, {
      method: 'PUT',
      url: '/api/settings/workspace',
      payload: { name: `Workspace ${ALPHA}`, timeZone: 'Asia/Tokyo' },
    });
    await ok(a.token, {
      method: 'PUT',
      url: '/api/settings/guardrails',
      payload: {
        quietHours: { email: { start: '21:00', end: '08:00' } },
        frequencyCaps: { email: [{ max: 2, calendarDays: 1 }] },
      },
    });
    await ok(a.token, {
      method: 'PUT',
      url: '/api/settings/analytics',
      payload: { currency: 'JPY', metrics: { acquisition: { event: 'Alpha Signed Up' } } },
    });
    await ok(a.token, {
      method: 'PUT',
      url: '/api/settings/channels/email',
      payload: {
        provider: 'smtp',
        host: 'smtp.alpha.test',
        port: 25,
        secure: false,
        from: 'Alpha <a@alpha.test>',
      },
    });
    const inA = await read(a.token);
    const inB = await read(b.token);
    expect(inB).toEqual(bBefore);
    expect(inA.workspace.timeZone).toBe('Asia/Tokyo');
    expect(inB.workspace.timeZone).not.toBe('Asia/Tokyo');
    expect(inA.stages.stages[0].name).toBe(`Stage ${ALPHA}`);
    expect(JSON.stringify(inB.stages)).not.toContain(ALPHA);
    expect(inA.guardrails.quietHours.email).toEqual({ start: '21:00', end: '08:00' });
    expect(inB.guardrails.quietHours.email).toBeNull();
    expect(inB.guardrails.frequencyCaps.email).toEqual([]);
    expect(inA.analytics).toMatchObject({
      currency: 'JPY',
      metrics: { acquisition: { event: 'Alpha Signed Up' } },
    });
    expect(inB.analytics.currency).not.toBe('JPY');
    expect(inB.analytics.metrics.acquisition.event).toBe('Signed Up');
    expect(inA.channels.email).toMatchObject({ host: 'smtp.alpha.test' });
    expect(inB.channels.email).toBeNull();
    expect(inA.secret).not.toBe(inB.secret);
  });

  it('applies ingestion only to the key’s workspace, even for the same userId', async () => {
    await ingest(b.key, [
      { type: 'track', userId: SHARED_USER, event: 'order.completed', properties: { total: 5 } },
    ]);
    await ingest(b.key, [{ type: 'identify', userId: SHARED_USER, traits: { note: 'bravo-again' } }]);
    const inA = await ok(a.token, { url: `/api/customers/${SHARED_USER}` });
    expect(inA.traits.note).toBe(ALPHA);
    expect(JSON.stringify(inA)).not.toContain('order.completed');
    const inB = await ok(b.token, { url: `/api/customers/${SHARED_USER}` });
    expect(inB.traits.note).toBe('bravo-again');
  });

  it('shows each workspace only its own audit entries', async () => {
    const { entries: inB } = await ok(b.token, { url: '/api/audit?limit=200' });
    expect(inB.length).toBeGreaterThan(0);
    expect(JSON.stringify(inB)).not.toContain(ALPHA);
    expect(JSON.stringify(inB)).not.toContain(a.journey);
    const { entries: inA } = await ok(a.token, { url: '/api/audit?limit=200' });
    expect(JSON.stringify(inA)).not.toContain(BRAVO);
    expect(JSON.stringify(inA)).not.toContain(b.journey);
  });
});
