import { gzipSync } from 'node:zlib';
import { events } from '@stagecraft/db';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from './helper';

describe.each(testDatabaseKinds())('Segment-compatible ingestion on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, { STAGECRAFT_MAX_BODY_BYTES: '20000', STAGECRAFT_MAX_BATCH: '5' });
  });
  afterAll(() => t.close());

  const post = (
    url: string,
    payload: unknown,
    headers: Record<string, string> = { authorization: basic(WRITE_KEY) },
  ) => t.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const stored = () => t.database.db.select().from(events).orderBy(asc(events.seq));
  const byMessage = async (messageId: string) => (await stored()).filter((e) => e.messageId === messageId);

  it('stores identify, track and page calls before answering { success: true }', async () => {
    for (const [url, body] of [
      [
        '/v1/identify',
        { userId: 'ada', messageId: 'm-identify', traits: { email: 'ada@example.com', plan: 'pro' } },
      ],
      [
        '/v1/track',
        { userId: 'ada', messageId: 'm-track', event: 'Signed Up', properties: { source: 'ads' } },
      ],
      ['/v1/page', { userId: 'ada', messageId: 'm-page', name: 'Pricing', properties: { path: '/pricing' } }],
    ] as const) {
      const response = await post(url, body);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ success: true });
    }
    const [identify] = await byMessage('m-identify');
    expect(identify).toMatchObject({
      type: 'identify',
      customerId: 'ada',
      traits: { email: 'ada@example.com' },
    });
    const [track] = await byMessage('m-track');
    expect(track).toMatchObject({ type: 'track', name: 'Signed Up', properties: { source: 'ads' } });
    const [page] = await byMessage('m-page');
    expect(page).toMatchObject({ type: 'page', name: 'Pricing' });
  });

  it('stores a batch of mixed messages, skipping group and alias calls', async () => {
    const response = await post('/v1/batch', {
      batch: [
        { type: 'identify', userId: 'bob', messageId: 'b-1', traits: { plan: 'free' } },
        {
          type: 'track',
          userId: 'bob',
          messageId: 'b-2',
          event: 'Order Completed',
          properties: { total: '19.90' },
        },
        { type: 'group', userId: 'bob', groupId: 'acme', messageId: 'b-3' },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((await byMessage('b-1')).length).toBe(1);
    expect((await byMessage('b-3')).length).toBe(0);
    const [order] = await byMessage('b-2');
    // Kept for revenue analytics: the total becomes a numeric revenue.
    expect(order?.properties).toMatchObject({ total: '19.90', revenue: 19.9 });
  });

  it('accepts the write key as "writeKey" in the body, as Segment browser batches send it', async () => {
    const response = await post(
      '/v1/b',
      JSON.stringify({
        writeKey: WRITE_KEY,
        batch: [{ type: 'track', anonymousId: 'anon-1', event: 'Viewed', messageId: 'w-1' }],
      }),
      { 'content-type': 'text/plain' },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(await byMessage('w-1')).toHaveLength(1);
  });

  it('deduplicates on messageId, within a batch and across requests', async () => {
    const message = { type: 'track', userId: 'carol', event: 'Clicked', messageId: 'dup-1' };
    expect((await post('/v1/batch', { batch: [message, message] })).statusCode).toBe(200);
    expect((await post('/v1/track', message)).statusCode).toBe(200);
    expect(await byMessage('dup-1')).toHaveLength(1);
  });

  it('keeps the same messageId sent for two customers as two events, one each', async () => {
    const message = { type: 'track', event: 'Clicked', messageId: 'shared-1' };
    const response = await post('/v1/batch', {
      batch: [
        { ...message, userId: 'gina' },
        { ...message, userId: 'hank' },
        { ...message, userId: 'gina' },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const events = await byMessage('shared-1');
    expect(events.map((e) => e.customerId).sort()).toEqual(['gina', 'hank']);
  });

  it('generates a messageId when the sender has none', async () => {
    const before = (await stored()).length;
    await post('/v1/track', { userId: 'dave', event: 'No Id' });
    await post('/v1/track', { userId: 'dave', event: 'No Id' });
    const added = (await stored()).slice(before);
    expect(added).toHaveLength(2);
    expect(added[0]!.messageId).not.toBe(added[1]!.messageId);
  });

  it('corrects the sender clock with sentAt, as Segment does', async () => {
    // The sender's clock runs one hour fast: its event happened 10 s before it sent the batch.
    await post('/v1/batch', {
      sentAt: '2030-01-01T11:00:10.000Z',
      batch: [
        {
          type: 'track',
          userId: 'erin',
          event: 'Late',
          messageId: 'clock-1',
          originalTimestamp: '2030-01-01T11:00:00.000Z',
        },
      ],
    });
    const [event] = await byMessage('clock-1');
    expect(event!.receivedAt.getTime() - event!.timestamp.getTime()).toBe(10_000);
  });

  it('answers 401 with a sentence for a missing, unknown or revoked write key', async () => {
    const missing = await post('/v1/track', { userId: 'x', event: 'E' }, {});
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error).toMatchObject({ code: 'missing-write-key' });
    expect(missing.json().error.message).toMatch(/Basic/);

    const unknown = await post('/v1/track', { userId: 'x', event: 'E' }, { authorization: basic('nope') });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('unknown-write-key');

    const created = await t.api({ method: 'POST', url: '/api/write-keys', payload: { name: 'Short-lived' } });
    const { key, writeKey } = created.json();
    expect(
      (await post('/v1/track', { userId: 'x', event: 'E' }, { authorization: basic(key) })).statusCode,
    ).toBe(200);
    await t.api({ method: 'DELETE', url: `/api/write-keys/${writeKey.id}` });
    const revoked = await post('/v1/track', { userId: 'x', event: 'E' }, { authorization: basic(key) });
    expect(revoked.statusCode).toBe(401);
  });

  it('answers 400 naming the field of a malformed message', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/track', { userId: 'x' }, 'event'],
      ['/v1/track', { event: 'E' }, 'userId'],
      ['/v1/identify', { userId: 'x', traits: 'vip' }, 'traits'],
      [
        '/v1/batch',
        {
          batch: [
            { type: 'track', userId: 'x', event: 'ok' },
            { type: 'track', userId: 'x' },
          ],
        },
        'batch.1.event',
      ],
      ['/v1/batch', { batch: [{ type: 'purchase', userId: 'x' }] }, 'batch.0.type'],
      [
        '/v1/batch',
        { batch: [{ type: 'track', userId: 'x', event: 'E', timestamp: 'yesterday' }] },
        'batch.0.timestamp',
      ],
      [
        '/v1/batch',
        {
          batch: [{ type: 'track', userId: 'x', event: 'Order Completed', properties: { revenue: 'lots' } }],
        },
        'batch.0.properties.revenue',
      ],
      ['/v1/batch', { messages: [] }, 'batch'],
    ];
    for (const [url, body, field] of cases) {
      const response = await post(url, body);
      expect(response.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(response.json().error.field).toBe(field);
      expect(response.json().error.message).toContain(field);
    }
  });

  it('answers 400 naming the field that holds text the database cannot store, and stores nothing of it', async () => {
    const cases: [string, string, string][] = [
      [
        '/v1/track',
        '{"userId":"x","event":"E","messageId":"nul-1","properties":{"note":"a\\u0000b"}}',
        'properties.note',
      ],
      ['/v1/identify', '{"userId":"x","messageId":"nul-2","traits":{"half":"\\ud83d"}}', 'traits.half'],
      [
        '/v1/batch',
        '{"batch":[{"type":"track","userId":"x","event":"ok","messageId":"nul-3"},{"type":"track","userId":"x\\u0000","event":"E"}]}',
        'batch.1.userId',
      ],
      [
        '/v1/track',
        '{"userId":"x","event":"E","messageId":"nul-4","properties":{"k\\udc00":1}}',
        'properties.k\udc00',
      ],
    ];
    for (const [url, text, field] of cases) {
      const response = await post(url, text, {
        authorization: basic(WRITE_KEY),
        'content-type': 'application/json',
      });
      expect(response.statusCode, text).toBe(400);
      expect(response.json().error.field).toBe(field);
      expect(response.json().error.message).toContain('cannot be stored');
    }
    for (const id of ['nul-1', 'nul-2', 'nul-3', 'nul-4']) expect(await byMessage(id)).toEqual([]);
    // A whole emoji, escaped as its surrogate pair, is fine.
    const emoji = await post(
      '/v1/track',
      '{"userId":"x","event":"E","messageId":"emoji-1","properties":{"mood":"\\ud83c\\udf89"}}',
      {
        authorization: basic(WRITE_KEY),
        'content-type': 'application/json',
      },
    );
    expect(emoji.statusCode).toBe(200);
    expect((await byMessage('emoji-1'))[0]?.properties).toEqual({ mood: '🎉' });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await post('/v1/track', '{"userId":', {
      authorization: basic(WRITE_KEY),
      'content-type': 'application/json',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid-json');
  });

  it('answers 413 for a body over the size limit and a batch over the length limit', async () => {
    const big = await post('/v1/track', {
      userId: 'x',
      event: 'Big',
      properties: { blob: 'x'.repeat(30_000) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload-too-large');

    const batch = Array.from({ length: 6 }, (_, i) => ({
      type: 'track',
      userId: 'x',
      event: 'E',
      messageId: `long-${i}`,
    }));
    const long = await post('/v1/batch', { batch });
    expect(long.statusCode).toBe(413);
    expect(long.json().error).toMatchObject({ code: 'batch-too-large', field: 'batch' });
    expect(await byMessage('long-0')).toHaveLength(0);
  });

  it('reads gzip bodies, and applies the size limit after decompression', async () => {
    const body = gzipSync(
      JSON.stringify({ batch: [{ type: 'track', userId: 'gz', event: 'Zipped', messageId: 'gz-1' }] }),
    );
    const ok = await post('/v1/batch', body, { authorization: basic(WRITE_KEY), 'content-encoding': 'gzip' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await byMessage('gz-1')).toHaveLength(1);

    // 200 KB of one letter compresses to a few hundred bytes: a small request, a large body.
    const bomb = gzipSync(
      JSON.stringify({ batch: [{ type: 'track', userId: 'gz', event: 'x'.repeat(200_000) }] }),
    );
    expect(bomb.length).toBeLessThan(20_000);
    const refused = await post('/v1/batch', bomb, {
      authorization: basic(WRITE_KEY),
      'content-encoding': 'gzip',
    });
    expect(refused.statusCode).toBe(413);

    const broken = await post('/v1/batch', Buffer.from('not gzip at all'), {
      authorization: basic(WRITE_KEY),
      'content-encoding': 'gzip',
    });
    expect(broken.statusCode).toBe(400);
  });
});
