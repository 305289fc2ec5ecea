import { Writable } from 'node:stream';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, buildTestApp, type TestApp } from '../helper';
import { addPerson, asBrowser, browserFrom, signIn } from './support';

describe.each(testDatabaseKinds())('sign-in on %s', (kind) => {
  describe('first run', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(kind);
    });
    afterAll(() => t.close());

    it('signs in with the admin token until the owner account exists, then only with email and password', async () => {
      expect((await t.app.inject({ url: '/api/setup' })).json()).toEqual({ ownerExists: false });
      const byToken = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { token: ADMIN_TOKEN },
      });
      expect(byToken.statusCode).toBe(201);
      expect(byToken.json()).toMatchObject({ role: 'owner', user: null });

      const wrongToken = await t.app.inject({
        method: 'POST',
        url: '/api/setup/owner',
        payload: { token: 'not-the-token-000000', email: 'ana@example.com', password: 'a long passphrase' },
      });
      expect(wrongToken.statusCode).toBe(401);
      const short = await t.app.inject({
        method: 'POST',
        url: '/api/setup/owner',
        payload: { token: ADMIN_TOKEN, email: 'ana@example.com', password: 'short' },
      });
      expect(short.statusCode).toBe(400);
      expect(short.json().error).toMatchObject({ code: 'invalid-request', field: 'password' });

      const created = await t.app.inject({
        method: 'POST',
        url: '/api/setup/owner',
        payload: {
          token: ADMIN_TOKEN,
          email: ' Ana@Example.com ',
          name: 'Ana',
          password: 'a long passphrase',
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        role: 'owner',
        user: { email: 'ana@example.com', name: 'Ana' },
      });
      const owner = browserFrom(created);
      expect((await asBrowser(t, owner, { url: '/api/session' })).json()).toMatchObject({
        via: 'session',
        role: 'owner',
        workspaceId: 'default',
      });
      // The owner account is in the trail, made by the admin token.
      const trail = (await t.api({ url: '/api/audit?action=people.owner' })).json();
      expect(trail.entries).toEqual([
        expect.objectContaining({
          action: 'people.owner',
          target: { kind: 'user', id: created.json().user.id },
          actor: expect.objectContaining({ kind: 'token' }),
        }),
      ]);

      const again = await t.app.inject({
        method: 'POST',
        url: '/api/setup/owner',
        payload: { token: ADMIN_TOKEN, email: 'eve@example.com', password: 'a long passphrase' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('owner-exists');
      const tokenNow = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { token: ADMIN_TOKEN },
      });
      expect(tokenNow.statusCode).toBe(403);
      expect(tokenNow.json().error.code).toBe('token-sign-in-closed');
      // Automation keeps the token.
      expect((await t.api({ url: '/api/journeys' })).statusCode).toBe(200);
      expect((await signIn(t, 'ANA@example.com', 'a long passphrase')).statusCode).toBe(201);
    });
  });

  describe('accounts', () => {
    let t: TestApp;
    const log: string[] = [];
    beforeAll(async () => {
      const stream = new Writable({
        write(chunk, _encoding, done) {
          log.push(String(chunk));
          done();
        },
      });
      t = await buildTestApp(kind, {}, { logger: { level: 'info', stream } });
      await addPerson(t, 'mia@example.com', 'marketer');
    });
    afterAll(() => t.close());

    it('refuses a wrong password and an unknown email alike', async () => {
      const wrong = await signIn(t, 'mia@example.com', 'not her password', '10.1.0.1');
      const unknown = await signIn(t, 'nobody@example.com', 'not her password', '10.1.0.1');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().error).toEqual(unknown.json().error);
      expect(wrong.json().error).toMatchObject({ code: 'invalid-credentials', field: 'password' });
      for (const payload of [{}, { email: 'not-an-email', password: 'x' }, { email: 'mia@example.com' }]) {
        const bad = await t.app.inject({ method: 'POST', url: '/api/session', payload });
        expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
        expect(bad.json().error.code).toBe('invalid-request');
        expect(bad.json().error.message.length).toBeGreaterThan(10);
      }
    });

    it('locks an account after five failures with 429 and Retry-After, from any address', async () => {
      await addPerson(t, 'leo@example.com', 'viewer');
      for (let i = 0; i < 5; i++) {
        expect((await signIn(t, 'leo@example.com', `guess-number-${i}`, `10.2.0.${i}`)).statusCode).toBe(401);
      }
      const locked = await signIn(t, 'leo@example.com', undefined, '10.2.1.1');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('too-many-sign-ins');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      // Fifteen minutes later the right password works again.
      t.clock.advance(15 * 60_000 + 1000);
      expect((await signIn(t, 'leo@example.com', undefined, '10.2.1.1')).statusCode).toBe(201);
    });

    it('locks an address that guesses many accounts', async () => {
      for (let i = 0; i < 30; i++) await signIn(t, `guess${i}@example.com`, 'password-guess', '10.3.0.1');
      const locked = await signIn(t, 'mia@example.com', undefined, '10.3.0.1');
      expect(locked.statusCode).toBe(429);
      expect((await signIn(t, 'mia@example.com', undefined, '10.3.0.2')).statusCode).toBe(201);
    });

    it('signs out one browser, or every browser at once', async () => {
      const first = browserFrom(await signIn(t, 'mia@example.com'));
      const second = browserFrom(await signIn(t, 'mia@example.com'));
      const third = browserFrom(await signIn(t, 'mia@example.com'));
      expect((await asBrowser(t, first, { method: 'DELETE', url: '/api/session' })).statusCode).toBe(204);
      expect((await asBrowser(t, first, { url: '/api/journeys' })).statusCode).toBe(401);
      expect((await asBrowser(t, second, { url: '/api/journeys' })).statusCode).toBe(200);
      const everywhere = await asBrowser(t, second, { method: 'DELETE', url: '/api/session/all' });
      expect(everywhere.statusCode).toBe(200);
      expect(everywhere.json().ended).toBeGreaterThanOrEqual(2);
      expect((await asBrowser(t, third, { url: '/api/journeys' })).statusCode).toBe(401);
    });

    it('resets a password by a one-time link printed in the log without an email channel', async () => {
      const signedIn = browserFrom(await signIn(t, 'mia@example.com'));
      const asked = await t.app.inject({
        method: 'POST',
        url: '/api/password-resets',
        payload: { email: 'mia@example.com' },
      });
      expect(asked.statusCode).toBe(202);
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/password-resets',
        payload: { email: 'nobody@example.com' },
      });
      expect(unknown.statusCode).toBe(202);
      await expect.poll(() => log.some((l) => l.includes('/reset-password#'))).toBe(true);
      const line = log.find((l) => l.includes('/reset-password#'))!;
      const token = /reset-password#(sc_reset_[A-Za-z0-9_-]+)/.exec(line)![1]!;
      expect(log.filter((l) => l.includes('/reset-password#'))).toHaveLength(1);

      const tooShort = await t.app.inject({
        method: 'POST',
        url: '/api/password-resets/confirm',
        payload: { token, password: 'short' },
      });
      expect(tooShort.statusCode).toBe(400);
      const reset = await t.app.inject({
        method: 'POST',
        url: '/api/password-resets/confirm',
        payload: { token, password: 'a brand new passphrase' },
      });
      expect(reset.statusCode).toBe(204);
      // The reset ends every session, and the link works once.
      expect((await asBrowser(t, signedIn, { url: '/api/journeys' })).statusCode).toBe(401);
      const reused = await t.app.inject({
        method: 'POST',
        url: '/api/password-resets/confirm',
        payload: { token, password: 'another new passphrase' },
      });
      expect(reused.statusCode).toBe(404);
      expect(reused.json().error.code).toBe('reset-link-invalid');
      expect((await signIn(t, 'mia@example.com')).statusCode).toBe(401);
      expect((await signIn(t, 'mia@example.com', 'a brand new passphrase')).statusCode).toBe(201);
    });

    it('sends a locked account a reset link, but at most three links per window', async () => {
      await addPerson(t, 'kim@example.com', 'viewer');
      for (let i = 0; i < 5; i++) await signIn(t, 'kim@example.com', `wrong-${i}`, '10.4.0.1');
      expect((await signIn(t, 'kim@example.com', undefined, '10.4.0.2')).statusCode).toBe(429);
      const links = () => log.filter((l) => l.includes('"to":"kim@example.com"')).length;
      for (let i = 0; i < 5; i++) {
        const asked = await t.app.inject({
          method: 'POST',
          url: '/api/password-resets',
          payload: { email: 'kim@example.com' },
        });
        expect(asked.statusCode).toBe(202);
      }
      await expect.poll(links).toBe(3);
    });

    it('logs the link when the email channel cannot send it', async () => {
      // The channel points at a closed port: the send fails, so the link is logged instead of lost.
      await t.app.inject({
        method: 'PUT',
        url: '/api/settings/channels/email',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { provider: 'smtp', host: '127.0.0.1', port: 1, from: 'Stagecraft <no-reply@example.com>' },
      });
      const before = log.length;
      await t.app.inject({
        method: 'POST',
        url: '/api/password-resets',
        payload: { email: 'mia@example.com' },
      });
      await expect
        .poll(() => log.slice(before).join('\n'), { timeout: 15_000 })
        .toMatch(/reset-password#sc_reset_/);
      const after = log.slice(before).join('\n');
      expect(after).toMatch(/could not be sent/);
      expect(after).toMatch(/reset-password#sc_reset_/);
    });
  });
});
