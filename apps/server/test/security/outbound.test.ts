import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/runtime/index';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from '../helper';
import { createSink, type Sink } from '../runtime/harness';

/** A journey whose only step after the trigger is an HTTP request (or a webhook message). */
function probe(
  event: string,
  step: { type: 'http-request' | 'send-message'; config: Record<string, unknown> },
) {
  return {
    name: `Probe ${event}`,
    nodes: [
      { id: 'start', type: 'event-trigger', typeVersion: 1, position: { x: 0, y: 0 }, config: { event } },
      { id: 'call', type: step.type, typeVersion: 1, position: { x: 200, y: 0 }, config: step.config },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'call' }],
  };
}

const httpStep = (url: string, body = '{"email": "{{ profile.email }}"}') => ({
  type: 'http-request' as const,
  config: { method: 'POST', url, body },
});

describe.each(testDatabaseKinds())('outbound requests through the API on %s', (kind) => {
  let t: TestApp;
  /** The internal service an attacker aims at: loopback, not allow-listed. It must see nothing. */
  let target: Sink;
  let targetV6: Sink;
  /** An allow-listed service on 127.0.0.2; /redirect sends callers on to the target. */
  let allowed: Sink;
  let seq = 0;

  beforeAll(async () => {
    target = await createSink();
    targetV6 = await createSink({ host: '::1' });
    allowed = await createSink({ host: '127.0.0.2' });
    allowed.respondWith((r) =>
      r.path.startsWith('/redirect')
        ? { status: 302, headers: { location: `http://127.0.0.1:${target.port}/landed` } }
        : { status: 200, body: { id: 'received' } },
    );
    t = await buildTestApp(kind, { STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.2' });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([target.close(), targetV6.close(), allowed.close()]);
  });

  /** Publishes a probe journey, sends the event for a customer with `traits`, drains; returns the publish answer and the message. */
  async function run(
    step: Parameters<typeof probe>[1],
    traits: Record<string, unknown> = { email: 'ada@example.com' },
  ) {
    const event = `probe.${++seq}`;
    const userId = `user-${seq}`;
    const created = await t.api({
      method: 'POST',
      url: '/api/journeys',
      payload: { document: probe(event, step) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const published = await t.api({
      method: 'POST',
      url: `/api/journeys/${created.json().id}/publish`,
      payload: {},
    });
    expect(published.statusCode, published.body).toBe(201);
    const auth = { authorization: basic(WRITE_KEY) };
    await t.app.inject({ method: 'POST', url: '/v1/identify', headers: auth, payload: { userId, traits } });
    await t.app.inject({ method: 'POST', url: '/v1/track', headers: auth, payload: { userId, event } });
    await t.runtime.drain();
    const { messages } = (await t.api({ method: 'GET', url: `/api/messages?customerId=${userId}` })).json();
    expect(messages).toHaveLength(1);
    return {
      diagnostics: published.json().diagnostics as { nodeId?: string; severity: string; message: string }[],
      message: messages[0],
    };
  }

  it.each([
    ['http://127.0.0.1:PORT/x', 'blocked: 127.0.0.1 is a loopback address'],
    ['http://0x7f000001:PORT/x', 'blocked: 127.0.0.1 is a loopback address'],
    ['http://2130706433:PORT/x', 'blocked: 127.0.0.1 is a loopback address'],
    ['http://localhost:PORT/x', /^blocked: (127\.0\.0\.1|::1) is a loopback address$/],
    ['http://169.254.169.254/latest/meta-data/', 'blocked: 169.254.169.254 is a cloud metadata address'],
  ])(
    'refuses %s: the step fails with the reason, nothing arrives, and publishing warned',
    async (url, reason) => {
      const { message, diagnostics } = await run(httpStep(url.replace('PORT', String(target.port))));
      expect(message.status).toBe('dead');
      expect(message.lastError).toEqual(typeof reason === 'string' ? reason : expect.stringMatching(reason));
      expect(target.requests).toHaveLength(0);
      expect(diagnostics).toContainEqual(
        expect.objectContaining({
          nodeId: 'call',
          severity: 'warning',
          message: expect.stringContaining('STAGECRAFT_OUTBOUND_ALLOW'),
        }),
      );
    },
  );

  it('refuses http://[::1]', async () => {
    const { message } = await run(httpStep(`http://[::1]:${targetV6.port}/x`));
    expect(message).toMatchObject({ status: 'dead', lastError: 'blocked: ::1 is a loopback address' });
    expect(targetV6.requests).toHaveLength(0);
  });

  it('follows a redirect from an allowed host only through the same check', async () => {
    const before = allowed.requests.length;
    const { message } = await run(httpStep(`http://127.0.0.2:${allowed.port}/redirect`));
    expect(message).toMatchObject({ status: 'dead', lastError: 'blocked: 127.0.0.1 is a loopback address' });
    expect(allowed.requests.length - before).toBe(1);
    expect(target.requests).toHaveLength(0);
  });

  it('refuses a webhook message to an internal address the same way', async () => {
    const step = {
      type: 'send-message' as const,
      config: {
        channel: 'webhook',
        name: 'Hook',
        body: '{"a": "{{ profile.email }}"}',
        url: `http://127.0.0.1:${target.port}/hook`,
      },
    };
    const { message } = await run(step);
    expect(message).toMatchObject({ status: 'dead', lastError: 'blocked: 127.0.0.1 is a loopback address' });
    expect(target.requests).toHaveLength(0);
  });

  it('delivers to an allow-listed host, signed with a v2 signature the verify helper accepts', async () => {
    const before = allowed.requests.length;
    const url = `http://127.0.0.2:${allowed.port}/users/{{ profile.email }}/sync`;
    const { message, diagnostics } = await run(
      httpStep(url, '{"email": "{{ profile.email }}", "role": "user"}'),
      {
        email: '../../admin/delete-all?x=","role":"admin',
      },
    );
    expect(message.status).toBe('sent');
    // Publishing cannot know the operator's allow list, so it still warns about the literal address.
    expect(diagnostics).toContainEqual(expect.objectContaining({ nodeId: 'call', severity: 'warning' }));
    const [arrived] = allowed.requests.slice(before);
    expect(arrived?.path).toBe('/users/..%2F..%2Fadmin%2Fdelete-all%3Fx%3D%22%2C%22role%22%3A%22admin/sync');
    expect(JSON.parse(arrived?.body ?? '')).toEqual({
      email: '../../admin/delete-all?x=","role":"admin',
      role: 'user',
    });
    expect(arrived?.headers['content-type']).toBe('application/json');
    const { secret } = (await t.api({ method: 'GET', url: '/api/settings/signing-secret' })).json();
    const signed = {
      method: 'POST',
      url: `http://127.0.0.2:${allowed.port}${arrived?.path}`,
      body: arrived?.body ?? '',
    };
    const header = String(arrived?.headers['x-stagecraft-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v2=[0-9a-f]{64}$/);
    expect(verifySignature(secret, signed, header, t.clock.now())).toBe(true);
    expect(verifySignature(secret, { ...signed, body: '{}' }, header, t.clock.now())).toBe(false);
    expect(verifySignature(secret, signed, header, t.clock.now() + 10 * 60_000)).toBe(false);
  });

  it('refuses a URL whose inserted value climbs out of its path, and sends nothing', async () => {
    const before = allowed.requests.length;
    const { message } = await run(httpStep(`http://127.0.0.2:${allowed.port}/users/{{ profile.email }}`), {
      email: '..',
    });
    expect(message.status).toBe('dead');
    expect(message.lastError).toMatch(/^refused: the values inserted into the URL change its address/);
    expect(allowed.requests.length).toBe(before);
  });

  it('refuses a webhook whose inserted value climbs out of its path, and sends nothing', async () => {
    const before = allowed.requests.length;
    const step = {
      type: 'send-message' as const,
      config: {
        channel: 'webhook',
        name: 'Hook',
        body: 'hi',
        url: `http://127.0.0.2:${allowed.port}/c/{{ profile.email }}`,
      },
    };
    const { message } = await run(step, { email: '..' });
    expect(message.status).toBe('dead');
    expect(message.lastError).toMatch(/^refused: the values inserted into the URL change its address/);
    expect(allowed.requests.length).toBe(before);
  });

  it('refuses to publish a variable in the host or a JSON body with a bare variable', async () => {
    const document = probe(
      'probe.bad',
      httpStep('https://api.example.com{{profile.path}}', '{"email": {{ profile.email }}}'),
    );
    const created = await t.api({ method: 'POST', url: '/api/journeys', payload: { document } });
    const published = await t.api({
      method: 'POST',
      url: `/api/journeys/${created.json().id}/publish`,
      payload: {},
    });
    expect(published.statusCode).toBe(422);
    const diagnostics = published.json().error.diagnostics as {
      nodeId: string;
      path: string;
      message: string;
    }[];
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        nodeId: 'call',
        path: 'config.url',
        message: expect.stringMatching(/scheme, host or port/),
      }),
    );
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        nodeId: 'call',
        path: 'config.body',
        message: expect.stringMatching(/put Liquid inside quotes/),
      }),
    );
  });
});
