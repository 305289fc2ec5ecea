import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, basic, buildTestApp, type TestApp, WRITE_KEY } from '../helper';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const track = (event: string) => ({ type: 'track', userId: 'u1', event, properties: { plan: 'pro' } });

/** The session cookie's `name=value` from a sign-in response, and its attributes. */
function sessionCookie(setCookie: string | string[] | undefined): { pair: string; attributes: string } {
  const header = [setCookie ?? []].flat().find((c) => c.startsWith('stagecraft_session='))!;
  return { pair: header.split(';')[0]!, attributes: header };
}

describe.each(testDatabaseKinds())('abuse and operations on %s', (kind) => {
  describe('rate limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(kind, { STAGECRAFT_RATE_LIMIT_API: '3', STAGECRAFT_RATE_LIMIT_INGEST: '2' });
    });
    afterAll(() => t.close());

    it('answers 429 with Retry-After per admin token, and counts another token apart', async () => {
      for (let i = 0; i < 3; i++) expect((await t.api({ url: '/api/journeys' })).statusCode).toBe(200);
      const limited = await t.api({ url: '/api/journeys' });
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json().error).toMatchObject({ code: 'rate-limited' });
      expect(limited.json().error.message).toMatch(/at most 3 a minute/);
      const other = await t.app.repositories.apiKeys.createAdminToken('default', 'second');
      expect((await t.app.inject({ url: '/api/journeys', headers: bearer(other.token) })).statusCode).toBe(
        200,
      );
    });

    it('counts requests without a valid credential by address, before refusing them', async () => {
      const from = (remoteAddress: string) =>
        t.app.inject({ url: '/api/journeys', remoteAddress, headers: bearer('guessed-token-000000') });
      for (let i = 0; i < 3; i++) expect((await from('10.0.0.7')).statusCode).toBe(401);
      expect((await from('10.0.0.7')).statusCode).toBe(429);
      expect((await from('10.0.0.8')).statusCode).toBe(401);
    });

    it('limits /v1 per write key', async () => {
      const send = (key: string) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/track',
          headers: { authorization: basic(key) },
          payload: track('A'),
        });
      expect((await send(WRITE_KEY)).statusCode).toBe(200);
      expect((await send(WRITE_KEY)).statusCode).toBe(200);
      const limited = await send(WRITE_KEY);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      const { key } = await t.app.repositories.apiKeys.createWriteKey('default', 'other');
      expect((await send(key)).statusCode).toBe(200);
    });
  });

  describe('ingestion', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(kind, { STAGECRAFT_MAX_PENDING_EVENTS: '2' });
    });
    afterAll(() => t.close());

    const post = (headers: Record<string, string>, payload: string | Buffer | object) =>
      t.app.inject({ method: 'POST', url: '/v1/batch', headers, payload });

    it('refuses an unknown Basic key before inflating its body', async () => {
      // 32 MB of zeros in about 32 KB: inflating it would hit the body limit (413) first.
      const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024));
      const gzip = { 'content-encoding': 'gzip', 'content-type': 'application/json' };
      const unknown = await post({ ...gzip, authorization: basic('sc_wk_unknown-key-000') }, bomb);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.code).toBe('unknown-write-key');
      const garbage = await post({ ...gzip, authorization: basic('sc_wk_unknown-key-000') }, 'not gzip');
      expect(garbage.json().error.code).toBe('unknown-write-key');
      // A known key gets its body inflated, and the limit answers.
      expect((await post({ ...gzip, authorization: basic(WRITE_KEY) }, bomb)).statusCode).toBe(413);
    });

    it('still takes the write key from the body, after the size-limited parse', async () => {
      const ok = await post({ 'content-type': 'text/plain' }, { writeKey: WRITE_KEY, batch: [track('B')] });
      expect(ok.statusCode).toBe(200);
      const wrong = await post({}, { writeKey: 'sc_wk_unknown', batch: [track('B')] });
      expect(wrong.json().error.code).toBe('unknown-write-key');
      expect((await post({}, { batch: [track('B')] })).json().error.code).toBe('missing-write-key');
    });

    it('answers 503 with Retry-After while the pending backlog is over the cap, and recovers', async () => {
      await t.runtime.drain();
      t.clock.advance(1_500);
      const batch = { batch: [track('C1'), track('C2'), track('C3')] };
      expect((await post({ authorization: basic(WRITE_KEY) }, batch)).statusCode).toBe(200);
      // The count is at most a second old: the next request within it is still taken.
      expect((await post({ authorization: basic(WRITE_KEY) }, { batch: [track('C4')] })).statusCode).toBe(
        200,
      );
      t.clock.advance(1_500);
      const full = await post({ authorization: basic(WRITE_KEY) }, { batch: [track('C5')] });
      expect(full.statusCode).toBe(503);
      expect(full.headers['retry-after']).toBe('10');
      expect(full.json().error.code).toBe('ingestion-backlog');
      await t.runtime.drain();
      t.clock.advance(1_500);
      expect((await post({ authorization: basic(WRITE_KEY) }, { batch: [track('C5')] })).statusCode).toBe(
        200,
      );
    });
  });

  describe('headers, tokens and sessions', () => {
    let t: TestApp;
    let proxied: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(kind);
      proxied = await buildTestApp(kind, { STAGECRAFT_TRUST_PROXY: 'true' });
    });
    afterAll(async () => {
      await t.close();
      await proxied.close();
    });

    it('sends security headers on every response, and HSTS only over https', async () => {
      for (const url of ['/health', '/api/journeys', '/docs/json']) {
        const response = await t.api({ url });
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("script-src 'self'");
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }
      // X-Forwarded-Proto counts only from a trusted proxy.
      const https = { 'x-forwarded-proto': 'https' };
      expect(
        (await t.app.inject({ url: '/health', headers: https })).headers['strict-transport-security'],
      ).toBeUndefined();
      const behindTls = await proxied.app.inject({ url: '/health', headers: https });
      expect(behindTls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    });

    it('serves the API docs with no inline script, so they work under the policy', async () => {
      const page = await t.app.inject({ url: '/docs/' });
      const html = page.body;
      expect(html).toContain('swagger-ui-bundle.js');
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/\ssrc=/);
        expect(body!.trim()).toBe('');
      }
    });

    it('creates, lists and revokes admin tokens without ever listing one', async () => {
      const created = await t.api({ method: 'POST', url: '/api/settings/tokens', payload: { name: 'CI' } });
      expect(created.statusCode).toBe(201);
      const { secret, token } = created.json();
      expect(secret).toMatch(/^sc_admin_/);
      expect(token).toMatchObject({
        name: 'CI',
        prefix: 'sc_admin_',
        lastFour: secret.slice(-4),
        lastUsedAt: null,
      });
      expect((await t.app.inject({ url: '/api/journeys', headers: bearer(secret) })).statusCode).toBe(200);

      const listed = await t.app.inject({ url: '/api/settings/tokens', headers: bearer(secret) });
      expect(listed.body).not.toContain(secret.slice(9, -4));
      expect(listed.body).not.toContain(ADMIN_TOKEN);
      const tokens = listed.json().tokens as {
        id: string;
        current: boolean;
        lastUsedAt: string | null;
        prefix: string;
      }[];
      const mine = tokens.find((candidate) => candidate.id === token.id)!;
      expect(mine.current).toBe(true);
      expect(mine.lastUsedAt).not.toBeNull();
      expect(tokens.find((candidate) => candidate.id !== token.id)).toMatchObject({
        prefix: 'test',
        current: false,
      });

      const own = await t.app.inject({
        method: 'DELETE',
        url: `/api/settings/tokens/${token.id}`,
        headers: bearer(secret),
      });
      expect(own.statusCode).toBe(409);
      expect(own.json().error.code).toBe('admin-token-in-use');
      expect((await t.api({ method: 'DELETE', url: `/api/settings/tokens/${token.id}` })).statusCode).toBe(
        204,
      );
      expect((await t.app.inject({ url: '/api/journeys', headers: bearer(secret) })).statusCode).toBe(401);
      expect((await t.api({ method: 'DELETE', url: `/api/settings/tokens/${token.id}` })).statusCode).toBe(
        404,
      );
    });

    it('lists write keys by their kind marker and last four characters', async () => {
      const created = await t.api({ method: 'POST', url: '/api/write-keys', payload: { name: 'Web' } });
      const { key, writeKey } = created.json();
      expect(writeKey).toMatchObject({ prefix: 'sc_wk_', lastFour: key.slice(-4) });
      const listed = await t.api({ url: '/api/write-keys' });
      expect(listed.body).not.toContain(key.slice(6, -4));
      expect(listed.body).not.toContain(WRITE_KEY);
      expect(listed.json().writeKeys).toContainEqual(
        expect.objectContaining({ prefix: 'test', lastFour: WRITE_KEY.slice(-4) }),
      );
    });

    it('exchanges the token for an httpOnly cookie whose changes need the CSRF token', async () => {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { token: 'not-a-token-0000' },
      });
      expect(wrong.statusCode).toBe(401);
      const signIn = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { token: ADMIN_TOKEN },
      });
      expect(signIn.statusCode).toBe(201);
      const { csrfToken } = signIn.json();
      const cookie = sessionCookie(signIn.headers['set-cookie']);
      expect(cookie.attributes).toMatch(/HttpOnly/);
      expect(cookie.attributes).toMatch(/SameSite=Strict/);
      expect(cookie.attributes).toMatch(/Path=\/api/);
      expect(cookie.attributes).not.toMatch(/Secure/);
      const headers = { cookie: cookie.pair };

      expect((await t.app.inject({ url: '/api/journeys', headers })).statusCode).toBe(200);
      const session = await t.app.inject({ url: '/api/session', headers });
      expect(session.json()).toMatchObject({ via: 'session', csrfToken });
      const forged = await t.app.inject({
        method: 'POST',
        url: '/api/journeys',
        headers,
        payload: { name: 'x' },
      });
      expect(forged.statusCode).toBe(403);
      expect(forged.json().error).toMatchObject({ code: 'csrf-token-invalid', field: 'x-csrf-token' });
      const guessed = await t.app.inject({
        method: 'POST',
        url: '/api/journeys',
        headers: {
          ...headers,
          'x-csrf-token': csrfToken.replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a')),
        },
        payload: { name: 'x' },
      });
      expect(guessed.statusCode).toBe(403);
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/journeys',
        headers: { ...headers, 'x-csrf-token': csrfToken },
        payload: { name: 'From the editor' },
      });
      expect(made.statusCode).toBe(201);
      // Bearer tokens need no CSRF token.
      expect(
        (await t.api({ method: 'POST', url: '/api/journeys', payload: { name: 'From a script' } }))
          .statusCode,
      ).toBe(201);

      const signOut = await t.app.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: { ...headers, 'x-csrf-token': csrfToken },
      });
      expect(signOut.statusCode).toBe(204);
      expect(String(signOut.headers['set-cookie'])).toMatch(/stagecraft_session=;/);
      const after = await t.app.inject({ url: '/api/journeys', headers });
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('session-expired');
    });

    it('ends sessions at expiry and when their token is revoked; Secure behind TLS', async () => {
      const signIn = (app: TestApp, token: string, headers: Record<string, string> = {}) =>
        app.app.inject({ method: 'POST', url: '/api/session', payload: { token }, headers });
      const tls = await signIn(proxied, ADMIN_TOKEN, { 'x-forwarded-proto': 'https' });
      expect(sessionCookie(tls.headers['set-cookie']).attributes).toMatch(/Secure/);

      const headers = { cookie: sessionCookie((await signIn(t, ADMIN_TOKEN)).headers['set-cookie']).pair };
      t.clock.advance(11 * 3_600_000);
      expect((await t.app.inject({ url: '/api/journeys', headers })).statusCode).toBe(200);
      t.clock.advance(2 * 3_600_000);
      expect((await t.app.inject({ url: '/api/journeys', headers })).statusCode).toBe(401);

      const { token } = (
        await t.api({ method: 'POST', url: '/api/settings/tokens', payload: { name: 'Laptop' } })
      ).json();
      const secret = (
        await t.api({ method: 'POST', url: '/api/settings/tokens', payload: { name: 'Phone' } })
      ).json();
      const viaPhone = { cookie: sessionCookie((await signIn(t, secret.secret)).headers['set-cookie']).pair };
      expect((await t.app.inject({ url: '/api/journeys', headers: viaPhone })).statusCode).toBe(200);
      expect(
        (await t.api({ method: 'DELETE', url: `/api/settings/tokens/${secret.token.id}` })).statusCode,
      ).toBe(204);
      expect((await t.app.inject({ url: '/api/journeys', headers: viaPhone })).statusCode).toBe(401);
      expect(token.current).toBe(false);
    });
  });

  it('keeps trait values, keys and SQL parameters out of the log', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const t = await buildTestApp(kind, {}, { logger: { level: 'info', stream } });
    try {
      // Database failures whose failing rows hold values the client sent (traits, a journey name).
      const secretTrait = 'trait-value-4f7d1c@example.com';
      const secretName = 'journey-name-9b2e5a';
      await t.database.sql.executeSql(
        `alter table events add constraint no_such_trait check (coalesce(traits->>'email', '') <> '${secretTrait}')`,
      );
      await t.database.sql.executeSql(
        `alter table journeys add constraint no_such_name check (name <> '${secretName}')`,
      );
      const identify = await t.app.inject({
        method: 'POST',
        url: '/v1/identify',
        headers: { authorization: basic(WRITE_KEY) },
        payload: { userId: 'u-log', traits: { email: secretTrait } },
      });
      expect(identify.statusCode).toBe(500);
      const failed = await t.api({ method: 'POST', url: '/api/journeys', payload: { name: secretName } });
      expect(failed.statusCode).toBe(500);
      await t.app.inject({
        url: '/api/journeys',
        headers: { cookie: 'stagecraft_session=sc_sess_guess-value' },
      });
    } finally {
      await t.close();
    }
    expect(log).toContain('request failed');
    expect(log).toContain('no_such_name');
    expect(log).toContain('no_such_trait');
    for (const secret of [
      'trait-value-4f7d1c',
      'journey-name-9b2e5a',
      ADMIN_TOKEN,
      WRITE_KEY,
      'sc_sess_guess-value',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
