import { createVerify, generateKeyPairSync } from 'node:crypto';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSignature } from '../../src/channels/twilio-signature';
import { buildTestApp, type TestApp } from '../helper';
import { createFakeProvider } from './fake-provider';
import { call, messagesOf, publishJourney, segment } from './support';

const AUTH_TOKEN = 'twilio-auth-token-abcd';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Twilio's Messages API: 201 for good numbers, 400 (21211) for an invalid one, 503, or no answer. */
const twilio = await createFakeProvider((r) => {
  if (r.headers.authorization !== `Basic ${Buffer.from(`AC123:${AUTH_TOKEN}`).toString('base64')}`)
    return { status: 401 };
  const to = new URLSearchParams(r.body).get('To');
  if (to === '+15550002')
    return { status: 400, body: { code: 21211, message: "The 'To' number is not valid." } };
  if (to === '+15550003') return { status: 503, body: { message: 'try later' } };
  if (to === '+15550004') return 'hang';
  return { status: 201, body: { sid: `SM${to?.slice(-4)}` } };
});

/** FCM HTTP v1: a token endpoint checking the service account's JWT, and a send endpoint checking the token. */
let tokens = 0;
const fcm = await createFakeProvider((r) => {
  if (r.path === '/token') {
    const form = new URLSearchParams(r.body);
    const [head, claims, signature] = (form.get('assertion') ?? '').split('.');
    const valid = createVerify('RSA-SHA256')
      .update(`${head}.${claims}`)
      .verify(publicKey, Buffer.from(signature ?? '', 'base64url'));
    const body = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString() || '{}');
    if (
      !valid ||
      form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' ||
      body.iss !== 'push@demo.iam.example'
    ) {
      return { status: 400, body: { error: 'invalid_grant' } };
    }
    tokens++;
    return { status: 200, body: { access_token: `tok-${tokens}`, expires_in: 3600 } };
  }
  if (r.headers.authorization !== `Bearer tok-${tokens}`)
    return { status: 401, body: { error: { status: 'UNAUTHENTICATED' } } };
  const token = JSON.parse(r.body).message.token;
  if (token === 'dead-device') {
    return {
      status: 404,
      body: { error: { status: 'NOT_FOUND', message: 'gone', details: [{ errorCode: 'UNREGISTERED' }] } },
    };
  }
  return { status: 200, body: { name: `projects/demo/messages/${token}` } };
});

afterAll(async () => {
  await twilio.close();
  await fcm.close();
});

/** Building the app on a fresh database can take a while on a busy machine. */
const SETUP_MS = 180_000;

describe.each(testDatabaseKinds())('SMS and push providers through the API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, {
      STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1',
      STAGECRAFT_PUBLIC_URL: 'https://sc.acme.test',
    });
    await call(t, 'PUT', '/api/settings/channels/sms', {
      provider: 'twilio',
      accountSid: 'AC123',
      authToken: AUTH_TOKEN,
      from: '+15559999',
      baseUrl: twilio.url,
      timeoutMs: 500,
    });
    await call(t, 'PUT', '/api/settings/channels/push', {
      provider: 'fcm',
      serviceAccount: JSON.stringify({
        project_id: 'demo',
        client_email: 'push@demo.iam.example',
        private_key: PRIVATE_KEY,
      }),
      tokenUrl: `${fcm.url}/token`,
      sendUrl: `${fcm.url}/v1/projects/{project}/messages:send`,
    });
    await publishJourney(
      t,
      'Reach out',
      [
        ['t', 'event-trigger', { event: 'Reach Out', where: [] }],
        [
          's',
          'send-message',
          {
            channel: 'sms',
            name: 'Text',
            subject: '',
            body: 'Hi {{ profile.first_name }}',
            to: null,
            url: null,
            retryAttempts: 2,
            retryDelayMs: 1000,
          },
        ],
        [
          'p',
          'send-message',
          { channel: 'push', name: 'Push', subject: 'Hello', body: 'Open the app', to: null, url: null },
        ],
      ],
      [
        ['t', 's'],
        ['s', 'p'],
      ],
    );
  }, SETUP_MS);
  afterAll(async () => {
    await t.close();
  });

  const reach = async (userId: string, phone: string, device: string | null) => {
    await segment(t, 'identify', {
      userId,
      traits: { phone, first_name: userId },
      ...(device ? { context: { device: { token: device } } } : {}),
    });
    await segment(t, 'track', { userId, event: 'Reach Out' });
    await t.runtime.drain();
    const byChannel = new Map((await messagesOf(t, userId)).map((m) => [m.channel, m]));
    return { sms: byChannel.get('sms')!, push: byChannel.get('push')! };
  };

  it('shows the Twilio token and the service account key masked', async () => {
    const { sms, push } = await call(t, 'GET', '/api/settings/channels');
    expect(sms).toMatchObject({ provider: 'twilio', accountSid: 'AC123', authToken: '••••abcd' });
    expect(push.serviceAccount).toMatchObject({
      client_email: 'push@demo.iam.example',
      private_key: expect.stringMatching(/^••••/),
    });
  });

  it('sends SMS through Twilio and push through FCM with an exchanged token; reports are verified and recorded', async () => {
    const { sms, push } = await reach('ana', '+15550001', 'device-ana');
    expect(sms).toMatchObject({ status: 'sent', providerMessageId: 'SM0001', to: '+15550001' });
    expect(push).toMatchObject({
      status: 'sent',
      providerMessageId: 'projects/demo/messages/device-ana',
      to: 'device-ana',
    });
    const sent = new URLSearchParams(twilio.requests.at(-1)!.body);
    expect(sent.get('Body')).toBe('Hi ana');
    expect(sent.get('From')).toBe('+15559999');

    const callback = new URL(sent.get('StatusCallback')!);
    expect(callback.origin).toBe('https://sc.acme.test');
    const report = { MessageSid: 'SM0001', MessageStatus: 'delivered' };
    const post = (signature: string) =>
      t.app.inject({
        method: 'POST',
        url: callback.pathname + callback.search,
        payload: new URLSearchParams(report).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      });
    expect((await post('forged')).statusCode).toBe(403);
    expect((await post(twilioSignature(AUTH_TOKEN, callback.href, report))).statusCode).toBe(204);
    await t.runtime.drain();
    const events = (await call(t, 'GET', '/api/customers/ana')).timeline.filter(
      (e: { kind: string }) => e.kind === 'event',
    );
    const delivered = events.find((e: { name: string }) => e.name === 'Message Delivered');
    expect(delivered.properties).toMatchObject({
      message_id: sms.id,
      channel: 'sms',
      node_id: 's',
      status: 'delivered',
    });
    expect(events.filter((e: { name: string }) => e.name === 'Message Sent')).toHaveLength(2);
  });

  it('suppresses an invalid number and an unregistered device, retries a 503, and times out a silent provider', async () => {
    const invalid = await reach('ben', '+15550002', 'dead-device');
    expect(invalid.sms).toMatchObject({ status: 'dead', lastError: expect.stringContaining('21211') });
    expect(invalid.push).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining('UNREGISTERED'),
    });
    const { suppressions } = await call(t, 'GET', '/api/suppressions');
    expect(
      suppressions.map((s: { channel: string; address: string }) => `${s.channel}:${s.address}`).sort(),
    ).toEqual(['push:dead-device', 'sms:+15550002']);

    const busy = await reach('cid', '+15550003', null);
    expect(busy.sms).toMatchObject({ status: 'failed', attempts: 1 });
    expect(busy.push).toMatchObject({ status: 'no_address' });
    t.clock.advance(1000);
    await t.runtime.drain();
    expect((await messagesOf(t, 'cid')).find((m) => m.channel === 'sms')).toMatchObject({
      status: 'dead',
      attempts: 2,
      lastError: expect.stringContaining('Twilio 503'),
    });

    const silent = await reach('dee', '+15550004', null);
    expect(silent.sms).toMatchObject({ status: 'failed', lastError: 'timed out after 500 ms' });
  });

  it('answers a test send with the provider’s verdict', async () => {
    expect(await call(t, 'POST', '/api/settings/channels/sms/test', { to: '+15550001' })).toMatchObject({
      ok: true,
      providerMessageId: 'SM0001',
    });
    expect(await call(t, 'POST', '/api/settings/channels/sms/test', { to: '+15550002' })).toMatchObject({
      ok: false,
      retry: false,
      status: 400,
      error: expect.stringContaining('21211'),
    });
    expect(await call(t, 'POST', '/api/settings/channels/push/test', { to: 'device-x' })).toMatchObject({
      ok: true,
    });
    await call(t, 'POST', '/api/settings/channels/email/test', { to: 'a@b.test' }, 409);
  });
});
