import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSink, type SmtpSink } from '../delivery/smtp-sink';
import { buildTestApp, type TestApp } from '../helper';
import { addPerson, asBrowser, type Browser, browserFrom, signIn } from './support';

/** The link secret in an invitation email's text. */
function invitationToken(text: string): string {
  return /accept-invitation#(sc_inv_[A-Za-z0-9_-]+)/.exec(text)![1]!;
}

describe.each(testDatabaseKinds())('people and workspaces on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let owner: Browser;
  let admin: Browser;
  beforeAll(async () => {
    smtp = await createSmtpSink();
    t = await buildTestApp(kind, { STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1' });
    await t.api({
      method: 'PUT',
      url: '/api/settings/channels/email',
      payload: { provider: 'smtp', host: '127.0.0.1', port: smtp.port, from: 'Stagecraft <team@acme.test>' },
    });
    await addPerson(t, 'olga@acme.test', 'owner');
    await addPerson(t, 'adam@acme.test', 'admin');
    owner = browserFrom(await signIn(t, 'olga@acme.test'));
    admin = browserFrom(await signIn(t, 'adam@acme.test'));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('invites by email; accepting creates the account with the invited role', async () => {
    const invited = await asBrowser(t, admin, {
      method: 'POST',
      url: '/api/people/invitations',
      payload: { email: 'Vera@Acme.test', role: 'viewer' },
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({ email: 'vera@acme.test', role: 'viewer', delivery: 'email' });
    expect(JSON.stringify(invited.json())).not.toMatch(/sc_inv_/);
    const mail = smtp.received.find((m) => m.to.includes('vera@acme.test'))!;
    expect(mail.mail.subject).toMatch(/Join .* on Stagecraft/);
    const token = invitationToken(mail.mail.text!);

    const listed = await asBrowser(t, owner, { url: '/api/people' });
    expect(listed.json().invitations.map((i: { email: string }) => i.email)).toContain('vera@acme.test');
    const lookup = await t.app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token } });
    expect(lookup.json()).toMatchObject({ email: 'vera@acme.test', role: 'viewer', accountExists: false });

    const noPassword = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token },
    });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().error.field).toBe('password');
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, name: 'Vera', password: 'vera has a long password' },
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      role: 'viewer',
      user: { email: 'vera@acme.test', name: 'Vera' },
    });
    const used = await t.app.inject({ method: 'POST', url: '/api/invitations/lookup', payload: { token } });
    expect(used.statusCode).toBe(404);

    // A viewer reads, and the API refuses its changes.
    const vera = browserFrom(accepted);
    expect((await asBrowser(t, vera, { url: '/api/journeys' })).statusCode).toBe(200);
    const created = await t.api({ method: 'POST', url: '/api/journeys', payload: { name: 'Welcome' } });
    const publish = await asBrowser(t, vera, {
      method: 'POST',
      url: `/api/journeys/${created.json().id}/publish`,
    });
    expect(publish.statusCode).toBe(403);
    expect(publish.json().error).toMatchObject({ code: 'permission-denied', permission: 'journeys:publish' });
  });

  it('lets an admin change roles up to their own, never leaving a workspace without an owner', async () => {
    const mark = await addPerson(t, 'mark@acme.test', 'viewer');
    const toMarketer = await asBrowser(t, admin, {
      method: 'PUT',
      url: `/api/people/${mark.id}`,
      payload: { role: 'marketer' },
    });
    expect(toMarketer.statusCode).toBe(200);
    expect(toMarketer.json()).toMatchObject({ email: 'mark@acme.test', role: 'marketer' });
    const toOwner = await asBrowser(t, admin, {
      method: 'PUT',
      url: `/api/people/${mark.id}`,
      payload: { role: 'owner' },
    });
    expect(toOwner.statusCode).toBe(403);
    expect(toOwner.json().error.code).toBe('role-too-high');
    const olga = (await t.app.repositories.users.byEmail('olga@acme.test'))!;
    const demoteOwner = await asBrowser(t, admin, {
      method: 'PUT',
      url: `/api/people/${olga.id}`,
      payload: { role: 'viewer' },
    });
    expect(demoteOwner.statusCode).toBe(403);
    const lastOwner = await asBrowser(t, owner, {
      method: 'PUT',
      url: `/api/people/${olga.id}`,
      payload: { role: 'admin' },
    });
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().error.code).toBe('last-owner');
    const badRole = await asBrowser(t, owner, {
      method: 'PUT',
      url: `/api/people/${mark.id}`,
      payload: { role: 'god' },
    });
    expect(badRole.statusCode).toBe(400);
    const stranger = await asBrowser(t, owner, {
      method: 'PUT',
      url: '/api/people/usr_nobody',
      payload: { role: 'viewer' },
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('removes someone, ending their sessions in the workspace at once', async () => {
    const rita = await addPerson(t, 'rita@acme.test', 'marketer');
    const ritaBrowser = browserFrom(await signIn(t, 'rita@acme.test'));
    expect((await asBrowser(t, ritaBrowser, { url: '/api/journeys' })).statusCode).toBe(200);
    const removed = await asBrowser(t, owner, { method: 'DELETE', url: `/api/people/${rita.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await asBrowser(t, ritaBrowser, { url: '/api/journeys' })).statusCode).toBe(401);
    const people = (await asBrowser(t, owner, { url: '/api/people' })).json().people;
    expect(people.map((p: { email: string }) => p.email)).not.toContain('rita@acme.test');
  });

  it('adds an invited existing account to a second workspace, lists both, and switches between them', async () => {
    await t.app.repositories.workspaces.ensure('brand-b', 'Brand B');
    await addPerson(t, 'sam@acme.test', 'owner', 'brand-b');
    const samBrowser = browserFrom(await signIn(t, 'sam@acme.test'));
    await asBrowser(t, samBrowser, {
      method: 'PUT',
      url: '/api/settings/channels/email',
      payload: { provider: 'smtp', host: '127.0.0.1', port: smtp.port, from: 'Brand B <b@acme.test>' },
    });
    const invited = await asBrowser(t, samBrowser, {
      method: 'POST',
      url: '/api/people/invitations',
      payload: { email: 'adam@acme.test', role: 'marketer' },
    });
    expect(invited.json()).toMatchObject({ delivery: 'email' });
    const token = invitationToken(smtp.received.find((m) => m.to.includes('adam@acme.test'))!.mail.text!);

    // Adam is signed in as himself: accepting needs no password.
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token },
      headers: { cookie: admin.cookie },
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ workspaceId: 'brand-b', role: 'marketer' });
    const adam = browserFrom(accepted);

    const listed = (await asBrowser(t, adam, { url: '/api/workspaces' })).json().workspaces;
    expect(listed).toEqual([
      { id: 'brand-b', name: 'Brand B', role: 'marketer', current: true },
      expect.objectContaining({ id: 'default', role: 'admin', current: false }),
    ]);
    const switched = await asBrowser(t, adam, {
      method: 'POST',
      url: '/api/session/workspace',
      payload: { workspaceId: 'default' },
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ workspaceId: 'default', role: 'admin' });
    expect((await asBrowser(t, adam, { url: '/api/people' })).json().people.length).toBeGreaterThan(2);

    // Sam belongs to Brand B only: the default workspace is not found for him.
    const refused = await asBrowser(t, samBrowser, {
      method: 'POST',
      url: '/api/session/workspace',
      payload: { workspaceId: 'default' },
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error).toMatchObject({ code: 'workspace-not-found', field: 'workspaceId' });
    expect((await asBrowser(t, samBrowser, { url: '/api/session' })).json().workspaceId).toBe('brand-b');
  });

  it('refuses an invitation to a person signed in with another email', async () => {
    await asBrowser(t, owner, {
      method: 'POST',
      url: '/api/people/invitations',
      payload: { email: 'zoe@acme.test', role: 'viewer' },
    });
    const token = invitationToken(smtp.received.find((m) => m.to.includes('zoe@acme.test'))!.mail.text!);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token },
      headers: { cookie: owner.cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('invitation-for-someone-else');
  });
});
