import { join } from 'node:path';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPluginHost } from '../../src/plugin-packages/index';
import { call, messagesOf, publishJourney, segment } from '../delivery/support';
import { buildTestApp, type TestApp } from '../helper';
import { createSink, type Sink } from '../runtime/harness';
import { FIXTURES, installFolder } from './support';

const SETUP_MS = 180_000;
const TOKEN = 'relay-token-123456';

describe.each(testDatabaseKinds())('a channel provider from a plugin on %s', (kind) => {
  let t: TestApp;
  let sink: Sink;
  let folder: ReturnType<typeof installFolder>;
  beforeAll(async () => {
    sink = await createSink();
    sink.respondWith((r) =>
      r.body.includes('+15550003')
        ? { status: 410, body: {} }
        : { status: 200, body: { id: `relay-${sink.requests.length}` } },
    );
    folder = installFolder(['@fixture/sms-relay'], { '@fixture/sms-relay': join(FIXTURES, 'sms-relay') });
    t = await buildTestApp(
      kind,
      { STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1' },
      { plugins: await loadPluginHost(folder.dir, '/') },
    );
  }, SETUP_MS);
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    folder?.remove();
  });

  it('is offered for its channels next to the built-in providers', async () => {
    const { providers } = await call(t, 'GET', '/api/settings/channels/providers');
    expect(providers.map((p: { id: string }) => p.id)).toEqual([
      'smtp',
      'twilio',
      'fcm',
      'http',
      'fixture/sms-relay',
    ]);
    expect(providers.at(-1)).toMatchObject({
      title: 'SMS relay',
      channels: ['sms'],
      plugin: { package: '@fixture/sms-relay', version: '0.3.0' },
      secretFields: ['token'],
    });
    expect(providers.at(-1).settingsSchema.properties.token).toMatchObject({ secret: true });
    const { plugins } = await call(t, 'GET', '/api/settings/plugins');
    expect(plugins).toMatchObject([
      { package: '@fixture/sms-relay', channels: ['fixture/sms-relay'], nodeTypes: [] },
    ]);
  });

  it('is configured under Settings > Channels with its own schema, its secret sealed and masked', async () => {
    const wrongChannel = await t.api({
      method: 'PUT',
      url: '/api/settings/channels/email',
      payload: { provider: 'fixture/sms-relay', url: sink.url, token: TOKEN },
    });
    expect(wrongChannel.statusCode).toBe(400);
    expect(wrongChannel.json().error).toMatchObject({
      field: 'provider',
      message: expect.stringContaining('"smtp"'),
    });
    const badToken = await t.api({
      method: 'PUT',
      url: '/api/settings/channels/sms',
      payload: { provider: 'fixture/sms-relay', url: sink.url, token: 'short' },
    });
    expect(badToken.statusCode).toBe(400);
    expect(badToken.json().error.field).toBe('token');

    const saved = await call(t, 'PUT', '/api/settings/channels/sms', {
      provider: 'fixture/sms-relay',
      url: `${sink.url}/sms`,
      token: TOKEN,
    });
    expect(saved).toEqual({ provider: 'fixture/sms-relay', url: `${sink.url}/sms`, token: '••••3456' });
    const { rows } = await t.database.sql.executeSql('select settings, secrets from channel_settings', []);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  it('sends the send step’s messages through it; an address it calls dead is not tried again', async () => {
    await publishJourney(
      t,
      'Relay',
      [
        ['start', 'event-trigger', { event: 'Ordered', where: [] }],
        ['sms', 'send-message', { channel: 'sms', name: 'Thanks', body: 'Thanks {{ profile.name }}' }],
      ],
      [['start', 'sms']],
    );
    await segment(t, 'identify', { userId: 'ana', traits: { phone: '+15550001', name: 'Ana' } });
    await segment(t, 'identify', { userId: 'bo', traits: { phone: '+15550003', name: 'Bo' } });
    await segment(t, 'track', { userId: 'ana', event: 'Ordered' });
    await segment(t, 'track', { userId: 'bo', event: 'Ordered' });
    await t.runtime.drain();

    const [hit] = sink.hits('/sms').filter((r) => r.body.includes('+15550001'));
    expect(hit?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(hit?.body ?? '{}')).toEqual({ to: '+15550001', text: 'Thanks Ana' });
    const [ana] = await messagesOf(t, 'ana');
    expect(ana).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^relay-/) });
    const [bo] = await messagesOf(t, 'bo');
    expect(bo).toMatchObject({ status: 'dead', lastError: expect.stringContaining('relay answered 410') });

    const test = await call(t, 'POST', '/api/settings/channels/sms/test', { to: '+15550009' });
    expect(test).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^relay-/) });
  });
});
