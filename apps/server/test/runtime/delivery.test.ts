import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/runtime/index';
import { createHarness, createSink, type Harness, journey, type Sink, WORKSPACE, webhook } from './harness';

const MINUTE = 60_000;

describe.each(testDatabaseKinds())('delivery on %s', (kind) => {
  let h: Harness;
  let sink: Sink;
  const texted: OutboundMessage[] = [];
  beforeAll(async () => {
    sink = await createSink();
    h = await createHarness(kind, {
      delivery: { maxAttempts: 3, backoffMs: MINUTE },
      // The sink listens on 127.0.0.1, an address outbound requests may reach only when allowed.
      outboundAllow: '127.0.0.1',
      channels: [
        {
          channel: 'sms',
          send: async (message) => {
            texted.push(message);
            return { providerMessageId: `sms-${texted.length}` };
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  it('retries a failing webhook with exponential backoff, then dead-letters it; a retry by hand sends it once more', async () => {
    sink.respondWith((r) =>
      r.path === '/flaky' ? { status: 503, body: { error: 'down' } } : { status: 200 },
    );
    await h.publish(
      'flaky',
      journey(
        'Flaky',
        [
          ['t', 'event-trigger', { event: 'flaky.go', where: [] }],
          ['s', 'send-message', webhook(`${sink.url}/flaky`, '{"n":1}')],
        ],
        [['t', 's']],
      ),
    );
    await h.track('kim', 'flaky.go');
    await h.runtime.drain();
    const [first] = await h.runtime.messages(WORKSPACE, { customerId: 'kim', limit: 10 });
    expect(first).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('HTTP 503'),
    });

    h.clock.advance(MINUTE - 1);
    await h.runtime.drain();
    expect(sink.hits('/flaky')).toHaveLength(1);
    h.clock.advance(1);
    await h.runtime.drain();
    expect(sink.hits('/flaky')).toHaveLength(2);
    h.clock.advance(2 * MINUTE);
    await h.runtime.drain();
    expect(sink.hits('/flaky')).toHaveLength(3);
    h.clock.advance(60 * MINUTE);
    await h.runtime.drain();
    expect(sink.hits('/flaky')).toHaveLength(3);

    const [dead] = await h.runtime.messages(WORKSPACE, { status: 'dead', customerId: 'kim', limit: 10 });
    expect(dead).toMatchObject({ attempts: 3, lastError: expect.stringContaining('HTTP 503') });
    const keys = new Set(sink.hits('/flaky').map((r) => r.headers['idempotency-key']));
    expect(keys).toEqual(new Set([dead!.idempotencyKey]));

    sink.respondWith(() => ({ status: 200, body: { id: 'rcpt-1' } }));
    expect(await h.runtime.retryMessage(WORKSPACE, dead!.id)).toBe(true);
    await h.runtime.drain();
    const [sent] = await h.runtime.messages(WORKSPACE, { customerId: 'kim', limit: 10 });
    expect(sent).toMatchObject({ status: 'sent', providerMessageId: 'rcpt-1' });
    expect(sink.hits('/flaky')).toHaveLength(4);
    expect(await h.runtime.retryMessage(WORKSPACE, dead!.id)).toBe(false);
    expect(await h.runtime.retryMessage(WORKSPACE, 'msg_missing')).toBe(false);
  });

  it('does not retry a webhook the receiver refuses (4xx)', async () => {
    sink.respondWith((r) => (r.path === '/gone' ? { status: 410 } : { status: 200 }));
    await h.publish(
      'gone',
      journey(
        'Gone',
        [
          ['t', 'event-trigger', { event: 'gone.go', where: [] }],
          ['s', 'send-message', webhook(`${sink.url}/gone`, 'x')],
        ],
        [['t', 's']],
      ),
    );
    await h.track('lou', 'gone.go');
    await h.runtime.drain();
    expect(await h.runtime.messages(WORKSPACE, { customerId: 'lou', limit: 10 })).toEqual([
      expect.objectContaining({ status: 'dead', attempts: 1, lastError: 'HTTP 410' }),
    ]);
  });

  it('feeds an HTTP request’s answer back to the run: JSON for later conditions, failure to its own port', async () => {
    sink.respondWith((r) => {
      if (r.path === '/score') return { status: 200, body: { score: 80 } };
      if (r.path === '/missing') return { status: 404, body: { error: 'no such user' } };
      return { status: 200 };
    });
    const request = (path: string) => ({
      method: 'POST',
      url: `${sink.url}${path}`,
      headers: [{ name: 'X-Team', value: 'growth' }],
      body: '{"user":"{{ profile.email }}"}',
      timeoutMs: 1000,
      storeResponse: true,
    });
    await h.publish(
      'scoring',
      journey(
        'Scoring',
        [
          ['t', 'event-trigger', { event: 'lead.created', where: [] }],
          ['call', 'http-request', request('/score')],
          [
            'hot',
            'condition',
            { rules: { all: [{ field: 'response.call.score', operator: 'greater_than', value: 50 }] } },
          ],
          ['yes', 'send-message', webhook(`${sink.url}/hot`, '{{ response.call.score }}')],
          ['no', 'send-message', webhook(`${sink.url}/cold`, 'cold')],
          ['lookup', 'http-request', request('/missing')],
          ['fallback', 'send-message', webhook(`${sink.url}/fallback`, 'fallback')],
        ],
        [
          ['t', 'call'],
          ['call', 'hot', 'success'],
          ['call', 'fallback', 'failure'],
          ['hot', 'yes', 'yes'],
          ['hot', 'no', 'no'],
          ['yes', 'lookup'],
          ['lookup', 'fallback', 'failure'],
        ],
      ),
    );
    await h.identify('max', { email: 'max@example.com' });
    await h.track('max', 'lead.created');
    await h.runtime.drain();
    const [call] = sink.hits('/score');
    expect(JSON.parse(call!.body)).toEqual({ user: 'max@example.com' });
    expect(call!.headers['x-team']).toBe('growth');
    expect(sink.hits('/hot').map((r) => r.body)).toEqual(['80']);
    expect(sink.hits('/cold')).toHaveLength(0);
    expect(sink.hits('/missing')).toHaveLength(1);
    expect(sink.hits('/fallback')).toHaveLength(1);
    const max = await h.runtime.customer(WORKSPACE, 'max');
    expect(max?.runs[0]?.status).toBe('completed');
  });

  it('stores email for which no provider is configured as no_provider, and hands SMS to its provider', async () => {
    await h.publish(
      'channels',
      journey(
        'Channels',
        [
          ['t', 'event-trigger', { event: 'channels.go', where: [] }],
          [
            'mail',
            'send-message',
            {
              channel: 'email',
              name: 'Hi',
              subject: 'Hi {{ profile.first_name }}',
              body: 'Hello',
              to: null,
              url: null,
            },
          ],
          [
            'text',
            'send-message',
            { channel: 'sms', name: 'Text', subject: '', body: 'Code 42', to: null, url: null },
          ],
        ],
        [
          ['t', 'mail'],
          ['mail', 'text'],
        ],
      ),
    );
    await h.identify('ned', { first_name: 'Ned', email: 'ned@example.com', phone: '+15550100' });
    await h.track('ned', 'channels.go');
    await h.runtime.drain();
    const rows = await h.runtime.messages(WORKSPACE, { customerId: 'ned', limit: 10 });
    expect(rows.find((m) => m.channel === 'email')).toMatchObject({
      status: 'no_provider',
      to: 'ned@example.com',
      subject: 'Hi Ned',
      sentAt: null,
      lastError: expect.stringContaining('no email provider'),
    });
    expect(rows.find((m) => m.channel === 'sms')).toMatchObject({
      status: 'sent',
      to: '+15550100',
      providerMessageId: 'sms-1',
    });
    expect(texted.map((m) => m.body)).toEqual(['Code 42']);
  });
});
