import { testDatabaseKinds } from '@stagecraft/db/testing';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../src/channels/unsubscribe-mailbox';
import { buildTestApp, type TestApp } from '../helper';
import { createSmtpSink, type SmtpSink } from './smtp-sink';
import { call, email, publishJourney, segment } from './support';

/** Building the app on a fresh database can take a while on a busy machine. */
const SETUP_MS = 180_000;

describe.each(testDatabaseKinds())('the unsubscribe mailbox (List-Unsubscribe mailto) on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  /** Sends a mail to the app's unsubscribe mailbox over SMTP, as a mail app would. */
  const mailbox = () =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.app.unsubscribeMailbox!.port,
      secure: false,
      ignoreTLS: true,
    });

  beforeAll(async () => {
    smtp = await createSmtpSink();
    t = await buildTestApp(kind, {
      HOST: '127.0.0.1',
      STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1',
      STAGECRAFT_PUBLIC_URL: 'https://journeys.acme.test',
      STAGECRAFT_SECRETS_KEY: 'test-secrets-key-0123456789',
      STAGECRAFT_UNSUBSCRIBE_ADDRESS: 'unsubscribe@mail.acme.test',
      STAGECRAFT_UNSUBSCRIBE_SMTP_PORT: '0',
    });
    await call(t, 'PUT', '/api/settings/channels/email', {
      provider: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      auth: null,
      from: 'Acme <hello@acme.test>',
      replyTo: null,
    });
    await publishJourney(
      t,
      'News',
      [
        ['t', 'event-trigger', { event: 'Joined', where: [] }],
        ['m', 'send-message', email('News', '<p>News for you</p>')],
      ],
      [['t', 'm']],
    );
  }, SETUP_MS);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The mailto of the customer's newest email: its address and subject, decoded. */
  async function mailtoOf(customerId: string) {
    await segment(t, 'identify', { userId: customerId, traits: { email: `${customerId}@example.com` } });
    await segment(t, 'track', { userId: customerId, event: 'Joined' });
    await t.runtime.drain();
    const mail = smtp.received.find((m) => m.to.includes(`${customerId}@example.com`))!;
    const mailto = new URL(/<(mailto:[^>]+)>/.exec(mail.raw.replace(/\r?\n[ \t]+/g, ' '))![1]!);
    return { to: decodeURIComponent(mailto.pathname), subject: mailto.searchParams.get('subject')! };
  }

  it('unsubscribes the customer when their mail app sends the mailto', async () => {
    const { to, subject } = await mailtoOf('mia');
    expect(to).toBe('unsubscribe@mail.acme.test');
    expect(subject).toMatch(/^unsubscribe https:\/\/journeys\.acme\.test\/u\?t=/);
    await mailbox().sendMail({ from: 'mia@example.com', to, subject, text: '' });
    await t.runtime.drain();
    const customer = await call(t, 'GET', '/api/customers/mia');
    expect(customer.consent.email).toBe('unsubscribed');
    const names = (customer.timeline as { kind: string; name: string | null }[]).map((e) => e.name);
    expect(names).toContain('Unsubscribed');
  });

  it('refuses, during the SMTP conversation, other recipients, altered tokens and mail without one', async () => {
    const { to, subject } = await mailtoOf('noa');
    const transport = mailbox();
    await expect(
      transport.sendMail({ from: 'x@example.com', to: 'postmaster@mail.acme.test', subject, text: '' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    // The first character of the token's signature (after its last dot) changed.
    const dot = subject.lastIndexOf('.');
    const altered = `${subject.slice(0, dot + 1)}${subject[dot + 1] === 'A' ? 'B' : 'A'}${subject.slice(dot + 2)}`;
    await expect(
      transport.sendMail({ from: 'x@example.com', to, subject: altered, text: '' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      transport.sendMail({ from: 'x@example.com', to, subject: 'please stop', text: 'stop it' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      transport.sendMail({ from: 'x@example.com', to, subject: 'big', text: 'x'.repeat(100_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    await t.runtime.drain();
    expect((await call(t, 'GET', '/api/customers/noa')).consent.email).toBe('unknown');
  });
});

describe('the unsubscribe token in a mail', () => {
  it('is read from a folded subject, else from a quoted-printable body', () => {
    expect(unsubscribeToken('Subject: unsubscribe\r\n https://x.test/u?t=abc.DEF-_1\r\n\r\n')).toBe(
      'abc.DEF-_1',
    );
    expect(unsubscribeToken('Subject: Re: stop\r\n\r\n> https://x.test/u?t=3Dabc.d=\r\nef\r\n')).toBe(
      'abc.def',
    );
    expect(unsubscribeToken('Subject: stop\r\n\r\nplease')).toBeNull();
  });
});
