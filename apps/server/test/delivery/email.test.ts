import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper';
import { DAY } from '../runtime/harness';
import { createSmtpSink, type SmtpSink } from './smtp-sink';
import { call, email, messagesOf, publishJourney, segment } from './support';

const PUBLIC_URL = 'https://journeys.acme.test';

/** Building the app on a fresh database can take a while on a busy machine. */
const SETUP_MS = 180_000;

describe.each(testDatabaseKinds())('email over SMTP through the API on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await createSmtpSink();
    t = await buildTestApp(kind, {
      STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1',
      STAGECRAFT_PUBLIC_URL: PUBLIC_URL,
      STAGECRAFT_SECRETS_KEY: 'test-secrets-key-0123456789',
    });
    await call(t, 'PUT', '/api/settings/channels/email', {
      provider: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      auth: { user: 'mailer', pass: 'smtp-password-9876' },
      from: 'Acme <hello@acme.test>',
      replyTo: null,
    });
  }, SETUP_MS);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('shows secrets masked, keeps them sealed at rest, and keeps a masked secret sent back', async () => {
    const { email: settings, sms } = await call(t, 'GET', '/api/settings/channels');
    expect(settings).toMatchObject({
      provider: 'smtp',
      port: smtp.port,
      auth: { user: 'mailer', pass: '••••9876' },
    });
    expect(sms).toBeNull();
    const { rows } = await t.database.sql.executeSql('select secrets from channel_settings', []);
    expect(String(rows[0]?.secrets)).not.toContain('smtp-password');
    // Saving the form as GET showed it keeps the stored password.
    await call(t, 'PUT', '/api/settings/channels/email', settings);
    const verdict = await call(t, 'POST', '/api/settings/channels/email/test', { to: 'ops@acme.test' });
    expect(verdict).toMatchObject({ ok: true });
    const test = smtp.received.at(-1)!;
    expect(test.user).toBe('mailer');
    expect(test.to).toEqual(['ops@acme.test']);
    smtp.received.length = 0;

    const bad = await t.api({
      method: 'PUT',
      url: '/api/settings/channels/email',
      payload: { provider: 'smtp', host: '', port: 25, from: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/host|from/);
  });

  it('sends HTML and text with List-Unsubscribe; a one-click unsubscribe stops the next marketing email, not a transactional one', async () => {
    const body =
      '<h1>Welcome, {{ profile.first_name }}!</h1><p>Start <a href="https://acme.test/welcome?x=1&amp;y=2">here</a>.</p>';
    await publishJourney(
      t,
      'Welcome',
      [
        ['t', 'event-trigger', { event: 'Signed Up', where: [] }],
        ['m1', 'send-message', email('Welcome', body, { preheader: 'Your account is ready' })],
        ['w', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }],
        ['m2', 'send-message', email('Tips', '<p>Some tips</p>')],
        ['m3', 'send-message', email('Receipt', '<p>Your receipt</p>', { category: 'transactional' })],
      ],
      [
        ['t', 'm1'],
        ['m1', 'w'],
        ['w', 'm2'],
        ['m2', 'm3'],
      ],
    );
    await segment(t, 'identify', { userId: 'ada', traits: { first_name: 'Ada', email: 'ada@example.com' } });
    await segment(t, 'track', { userId: 'ada', event: 'Signed Up' });
    await t.runtime.drain();

    expect(smtp.received).toHaveLength(1);
    const { mail, to, raw } = smtp.received[0]!;
    expect(to).toEqual(['ada@example.com']);
    expect(mail.from?.value).toEqual([{ name: 'Acme', address: 'hello@acme.test' }]);
    expect(mail.subject).toBe('Welcome for Ada');
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@acme\.test>$/);
    const listUnsubscribe = rawHeader(raw, 'List-Unsubscribe');
    expect(listUnsubscribe).toMatch(
      new RegExp(`<${PUBLIC_URL}/u\\?t=[^>]+>, <mailto:unsubscribe@acme\\.test\\?subject=`),
    );
    expect(rawHeader(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const html = String(mail.html);
    expect(html).toContain('Welcome, Ada!');
    expect(html).toContain('Your account is ready');
    expect(html).not.toContain('https://acme.test/welcome');
    expect(mail.text).toContain('Welcome, Ada!');
    expect(mail.text).toMatch(/Unsubscribe: https:\/\/journeys\.acme\.test\/u\?t=/);

    // The click link redirects to the signed destination only.
    const click = new URL(/href="([^"]*\/t\/c\?t=[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'));
    const redirect = await t.app.inject({ method: 'GET', url: click.pathname + click.search });
    expect(redirect.statusCode, redirect.body).toBe(302);
    expect(redirect.headers.location).toBe('https://acme.test/welcome?x=1&y=2');
    const tampered = await t.app.inject({
      method: 'GET',
      url: `${click.pathname}${click.search.slice(0, -3)}abc`,
    });
    expect(tampered.statusCode).toBe(404);
    const pixel = new URL(/src="([^"]*\/t\/o\?t=[^"]+)"/.exec(html)![1]!);
    const opened = await t.app.inject({ method: 'GET', url: pixel.pathname + pixel.search });
    expect(opened.headers['content-type']).toBe('image/gif');

    // The visible link shows a confirmation page; the header's one-click POST unsubscribes.
    const unsubscribe = new URL(/<(https:[^>]+)>/.exec(listUnsubscribe)![1]!);
    const page = await t.app.inject({ method: 'GET', url: unsubscribe.pathname + unsubscribe.search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    const oneClick = await t.app.inject({
      method: 'POST',
      url: unsubscribe.pathname + unsubscribe.search,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.statusCode).toBe(200);
    await t.runtime.drain();
    const customer = await call(t, 'GET', '/api/customers/ada');
    expect(customer.consent).toEqual({ email: 'unsubscribed', sms: 'unknown', push: 'unknown' });
    const names = (customer.timeline as { kind: string; name: string | null }[])
      .filter((e) => e.kind === 'event')
      .map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['Message Sent', 'Message Opened', 'Message Clicked', 'Unsubscribed']),
    );

    t.clock.advance(DAY);
    await t.runtime.drain();
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.mail.subject).toBe('Receipt for Ada');
    expect(smtp.received[1]!.mail.headers.get('list-unsubscribe')).toBeUndefined();
    const byName = new Map((await messagesOf(t, 'ada')).map((m) => [m.name, m]));
    const [m1, m2, m3] = ['Welcome', 'Tips', 'Receipt'].map((name) => byName.get(name));
    expect(m1).toMatchObject({ status: 'sent', attemptLog: [expect.objectContaining({ error: null })] });
    expect(m2).toMatchObject({
      status: 'skipped',
      lastError: expect.stringContaining('unsubscribed from email'),
    });
    expect(m3).toMatchObject({ status: 'sent' });
  });

  it('suppresses a hard-bounced address, shows it to admins, and lets them remove it', async () => {
    smtp.reject.add('gone@example.com');
    await publishJourney(
      t,
      'Bounce',
      [
        ['t', 'event-trigger', { event: 'Bounce Me', where: [] }],
        ['m', 'send-message', email('Hello', '<p>Hello</p>')],
      ],
      [['t', 'm']],
      { reentry: { policy: 'always' } },
    );
    await segment(t, 'identify', { userId: 'gil', traits: { email: 'gone@example.com' } });
    await segment(t, 'track', { userId: 'gil', event: 'Bounce Me' });
    await segment(t, 'track', { userId: 'nia', event: 'Bounce Me' });
    await t.runtime.drain();
    const [bounced] = await messagesOf(t, 'gil');
    expect(bounced).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: expect.stringContaining('suppressed'),
    });
    const [noAddress] = await messagesOf(t, 'nia');
    expect(noAddress).toMatchObject({ status: 'no_address' });

    const { suppressions } = await call(t, 'GET', '/api/suppressions');
    expect(suppressions).toEqual([
      expect.objectContaining({ channel: 'email', address: 'gone@example.com', messageId: bounced!.id }),
    ]);
    const events = (await call(t, 'GET', '/api/customers/gil')).timeline.filter(
      (e: { name?: string }) => e.name === 'Message Bounced',
    );
    expect(events).toHaveLength(1);

    // A later message, even transactional, is not sent to a suppressed address.
    smtp.reject.delete('gone@example.com');
    await segment(t, 'track', { userId: 'gil', event: 'Bounce Me', messageId: 'again' });
    await t.runtime.drain();
    const again = (await messagesOf(t, 'gil')).find((m) => m.id !== bounced!.id);
    expect(again).toMatchObject({
      status: 'skipped',
      lastError: expect.stringContaining('suppressed'),
    });

    await call(t, 'DELETE', '/api/suppressions/email/gone@example.com', undefined, 204);
    await call(t, 'DELETE', '/api/suppressions/email/gone@example.com', undefined, 404);
    expect((await call(t, 'GET', '/api/suppressions')).suppressions).toEqual([]);
  });
});

/** A header as sent, continuation lines unfolded. */
function rawHeader(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}
