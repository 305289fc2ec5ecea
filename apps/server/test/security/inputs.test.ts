import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from '../helper';

const ingest = { authorization: basic(WRITE_KEY) };
const json = { 'content-type': 'application/json' };
/** JSON text nesting `depth` objects, the innermost holding `inner`. */
const nested = (depth: number, inner = '{}') => '{"a":'.repeat(depth - 1) + inner + '}'.repeat(depth - 1);

describe.each(testDatabaseKinds())('hostile input on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  const counts = async () => {
    const { rows } = await t.database.sql.executeSql(
      `select (select count(*) from events)::int as events, (select count(*) from customers)::int as customers,
         (select count(*) from journeys)::int as journeys`,
    );
    return rows[0];
  };
  /** Sends a request that must be refused with `status`, naming `field`, and store nothing. */
  const refused = async (
    request: InjectOptions,
    status: number,
    field?: string,
    send: (r: InjectOptions) => Promise<LightMyRequestResponse> = (r) => t.api(r),
  ) => {
    await t.runtime.drain();
    const before = await counts();
    const response = await send(request);
    expect(response.statusCode, response.body).toBe(status);
    const { error } = response.json();
    expect(error).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/\w{3}/) });
    if (field) expect(error.field).toBe(field);
    await t.runtime.drain();
    expect(await counts()).toEqual(before);
    return error as { code: string; message: string; field?: string };
  };
  const refusedEvent = (url: string, payload: unknown, field: string, status = 400) =>
    refused({ method: 'POST', url, payload: payload as object, headers: ingest }, status, field, (r) =>
      t.app.inject(r),
    );

  describe('event dates', () => {
    const bad = [1e300, -1, '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2032-01-01T00:00:00Z'];
    for (const key of ['timestamp', 'originalTimestamp', 'sentAt', 'receivedAt']) {
      it(`refuses ${key} outside 1970 to a year from now on track, identify and page`, async () => {
        for (const [url, body] of [
          ['/v1/track', { userId: 'd', event: 'Signed Up' }],
          ['/v1/identify', { userId: 'd', traits: { plan: 'pro' } }],
          ['/v1/page', { userId: 'd', name: 'Home' }],
        ] as const) {
          for (const value of bad) {
            const error = await refusedEvent(url, { ...body, [key]: value }, key);
            expect(error.message).toContain('1970-01-01T00:00:00Z');
          }
        }
      });
    }

    it('names the message in a batch, and refuses the whole batch', async () => {
      const batch = Array.from({ length: 5 }, (_, i) => ({ type: 'track', userId: 'd', event: `E${i}` }));
      await refusedEvent(
        '/v1/batch',
        { batch: batch.map((m, i) => (i === 3 ? { ...m, timestamp: 1e300 } : m)) },
        'batch.3.timestamp',
      );
      await refusedEvent('/v1/batch', { batch, sentAt: '-000001-01-01T00:00:00Z' }, 'sentAt');
    });

    it('refuses an originalTimestamp that the sender clock correction pushes out of range', async () => {
      await refusedEvent(
        '/v1/track',
        {
          userId: 'd',
          event: 'E',
          originalTimestamp: '2030-01-07T08:00:00Z',
          sentAt: '1971-01-01T00:00:00Z',
        },
        'originalTimestamp',
      );
    });

    it('keeps dates inside the range, up to a year ahead of the server clock', async () => {
      for (const timestamp of ['1970-01-01T00:00:00Z', '2030-12-31T00:00:00Z']) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/track',
          payload: { userId: 'in-range', event: 'E', timestamp },
          headers: ingest,
        });
        expect(response.statusCode, response.body).toBe(200);
      }
    });

    it('reads customers, timelines, runs and messages whose stored dates no Date can hold', async () => {
      const { rows } = await t.database.sql.executeSql('select id from workspaces limit 1');
      const workspace = String(rows[0]!.id);
      const absurd = ['200000-01-01T00:00:00Z', '0044-03-15T00:00:00Z BC', 'infinity'];
      for (const [i, when] of absurd.entries()) {
        const customer = `stored-absurd-${i}`;
        const values = [workspace, customer, when];
        await t.database.sql.executeSql(
          `insert into customers (workspace_id, customer_id, first_seen_at, last_seen_at, stage_changed_at, stage)
           values ($1, $2, $3, $3, $3, 'Onboarding')`,
          values,
        );
        await t.database.sql.executeSql(
          `insert into events (workspace_id, customer_id, message_id, type, name, timestamp, received_at, processed_at)
           values ($1, $2, $2, 'track', 'Old', $3, $3, $3)`,
          values,
        );
        await t.database.sql.executeSql(
          `insert into journey_runs (workspace_id, customer_id, id, journey_id, version, status, entered_at, ended_at,
             wake_at, updated_at)
           values ($1, $2, $2, 'j', 1, 'completed', $3, $3, $3, $3)`,
          values,
        );
        await t.database.sql.executeSql(
          `insert into messages (workspace_id, customer_id, id, kind, run_id, journey_id, version, node_id, visit, status,
             created_at, updated_at, next_attempt_at, sent_at)
           values ($1, $2, $2, 'message', $2, 'j', 1, 'n', 1, 'sent', $3, $3, $3, $3)`,
          values,
        );
        const detail = await t.api({ method: 'GET', url: `/api/customers/${customer}` });
        expect(detail.statusCode, detail.body).toBe(200);
        expect(
          detail
            .json()
            .timeline.map((e: { kind: string }) => e.kind)
            .sort(),
        ).toEqual(['event', 'message']);
        expect(detail.json().runs).toHaveLength(1);
        const listed = await t.api({ method: 'GET', url: `/api/messages?customerId=${customer}` });
        expect(listed.statusCode, listed.body).toBe(200);
        expect(listed.json().messages).toHaveLength(1);
      }
      const search = await t.api({ method: 'GET', url: '/api/customers?q=stored-absurd' });
      expect(search.statusCode, search.body).toBe(200);
      expect(search.json().customers).toHaveLength(absurd.length);
      expect((await t.api({ method: 'GET', url: '/api/messages' })).statusCode).toBe(200);
    });
  });

  describe('nesting', () => {
    const deep = nested(10_000);
    it('refuses JSON nested 10,000 deep on every body format of /v1, naming the limit', async () => {
      for (const [url, payload, headers] of [
        ['/v1/track', deep, { ...ingest, ...json }],
        ['/v1/b', deep, { ...ingest, 'content-type': 'text/plain' }],
        ['/v1/batch', gzipSync(deep), { ...ingest, ...json, 'content-encoding': 'gzip' }],
      ] as const) {
        const error = await refused({ method: 'POST', url, payload, headers }, 400, 'body', (r) =>
          t.app.inject(r),
        );
        expect(error.message).toContain('64 levels');
      }
    });

    it('refuses it on the management API too', async () => {
      await refused({ method: 'POST', url: '/api/journeys', payload: deep, headers: json }, 400, 'body');
    });

    it('takes a document exactly 64 deep through every walker without a 500', async () => {
      const body = `{"userId":"deep","event":"Deep","properties":${nested(63, '{"leaf":1}')}}`;
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: body,
        headers: { ...ingest, ...json },
      });
      expect(response.statusCode, response.body).toBe(200);
      const identify = `{"userId":"deep","traits":${nested(63, '{"leaf":1}')}}`;
      const traits = await t.app.inject({
        method: 'POST',
        url: '/v1/identify',
        payload: identify,
        headers: { ...ingest, ...json },
      });
      expect(traits.statusCode, traits.body).toBe(200);
      await t.runtime.drain();
      expect((await t.api({ method: 'GET', url: '/api/customers/deep' })).statusCode).toBe(200);
      // The text checks walk all 64 levels and name the field at the bottom.
      const nul = `{"userId":"deep","event":"Deep","properties":${nested(63, '{"leaf":"a\\u0000"}')}}`;
      await refusedEvent('/v1/track', nul, `properties${'.a'.repeat(62)}.leaf`);
      const journey = await t.api({
        method: 'POST',
        url: '/api/journeys',
        payload: `{"name":"Deep","document":${nested(62)}}`,
        headers: json,
      });
      expect(journey.statusCode, journey.body).toBeLessThan(500);
    });
  });

  describe('NUL in path and query parameters', () => {
    it('answers 400 naming the parameter on customers, journeys and messages', async () => {
      for (const [method, url, field] of [
        ['GET', '/api/customers/a%00b', 'id'],
        ['GET', '/api/customers?q=%00', 'q'],
        ['GET', '/api/journeys/a%00b', 'id'],
        ['GET', '/api/journeys/a%00b/stats', 'id'],
        ['GET', '/api/journeys/a%00b/versions/1', 'id'],
        ['GET', '/api/messages?customerId=x%00', 'customerId'],
        ['GET', '/api/messages?journeyId=%00', 'journeyId'],
        ['POST', '/api/messages/a%00/retry', 'id'],
      ] as const) {
        const error = await refused({ method, url }, 400, field);
        expect(error.message).toContain('NUL');
      }
    });
  });

  describe('names, keys and values', () => {
    const long = (n: number) => 'x'.repeat(n);
    it('refuses event and page names past 200 characters', async () => {
      await refusedEvent('/v1/track', { userId: 'n', event: long(500_000) }, 'event');
      await refusedEvent('/v1/page', { userId: 'n', name: long(201) }, 'name');
      await refusedEvent(
        '/v1/batch',
        {
          batch: [
            { type: 'track', userId: 'n', event: 'ok' },
            { type: 'track', userId: 'n', event: long(201) },
          ],
        },
        'batch.1.event',
      );
    });

    it('refuses property, trait and context keys past 200 characters, and where they are', async () => {
      await refusedEvent(
        '/v1/track',
        { userId: 'n', event: 'E', properties: { [long(201)]: 1 } },
        'properties',
      );
      await refusedEvent(
        '/v1/track',
        { userId: 'n', event: 'E', properties: { cart: { items: [{ [long(201)]: 1 }] } } },
        'properties.cart.items.0',
      );
      await refusedEvent('/v1/identify', { userId: 'n', traits: { [long(201)]: 1 } }, 'traits');
      await refusedEvent('/v1/identify', { userId: 'n', context: { traits: { [long(201)]: 1 } } }, 'traits');
      await refusedEvent('/v1/page', { userId: 'n', context: { page: { [long(201)]: 1 } } }, 'context.page');
    });

    it('refuses more than 1,000 keys in one object and string values past 32,768 characters', async () => {
      const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
      await refusedEvent('/v1/track', { userId: 'n', event: 'E', properties: many }, 'properties');
      await refusedEvent('/v1/identify', { userId: 'n', traits: { bio: long(32_769) } }, 'traits.bio');
      await refusedEvent(
        '/v1/track',
        { userId: 'n', event: 'E', properties: { tags: ['ok', long(32_769)] } },
        'properties.tags.1',
      );
    });

    it('keeps names, keys and values at the limits', async () => {
      const many = Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`k${i}`, i]));
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: {
          userId: 'at-limits',
          event: long(200),
          properties: { ...many, [long(200)]: long(32_768) },
        },
        headers: ingest,
      });
      expect(response.statusCode, response.body).toBe(200);
    });
  });

  describe("Fastify's own refusals in the catalog's shape", () => {
    const post = (url: string, payload: string | Buffer, headers: Record<string, string>) => ({
      method: 'POST' as const,
      url,
      payload,
      headers,
    });
    it('answers each malformed request with its status and a sentence', async () => {
      const cases: [InjectOptions, number, string][] = [
        [post('/api/journeys', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, ''],
        [post('/api/journeys', '', json), 400, 'invalid-json'],
        [post('/api/journeys', '{"name":', json), 400, 'invalid-json'],
        [post('/api/journeys', '{"__proto__":{"x":1},"name":"p"}', json), 400, 'invalid-json'],
        [post('/api/journeys', '{"name":"x"}', { ...json, 'content-length': '3' }), 400, 'invalid-request'],
        [{ method: 'GET', url: '/api/customers/%E0%A4%A' }, 400, 'invalid-url'],
        [{ method: 'PATCH', url: '/api/customers' }, 404, 'not-found'],
        [{ method: 'DELETE', url: '/v1/track' }, 404, 'not-found'],
      ];
      for (const [request, status, code] of cases) {
        const error = await refused(request, status);
        if (code) expect(error.code).toBe(code);
      }
      const ingestCases: [InjectOptions, number, string][] = [
        [post('/v1/track', '', { ...ingest, ...json }), 400, 'invalid-json'],
        [post('/v1/track', '{"userId":"x"', { ...ingest, ...json }), 400, 'invalid-json'],
        [post('/v1/track', 'x'.repeat(1_100_000), { ...ingest, ...json }), 413, 'payload-too-large'],
        [
          post('/v1/track', 'not gzip', { ...ingest, ...json, 'content-encoding': 'gzip' }),
          400,
          'invalid-json',
        ],
        [
          post('/v1/track', '{}', { ...ingest, ...json, 'content-encoding': 'br' }),
          415,
          'unsupported-encoding',
        ],
      ];
      for (const [request, status, code] of ingestCases) {
        const error = await refused(request, status, undefined, (r) => t.app.inject(r));
        expect(error.code).toBe(code);
      }
    });

    it('reads JSON that starts with a byte order mark', async () => {
      const response = await t.app.inject(
        post('/v1/track', '\ufeff{"userId":"bom","event":"E"}', { ...ingest, ...json }),
      );
      expect(response.statusCode, response.body).toBe(200);
      const api = await t.api(post('/api/write-keys', '\ufeff{"name":"BOM"}', json));
      expect(api.statusCode, api.body).toBeLessThan(300);
    });

    it('answers requests the HTTP parser refuses over a real socket', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const raw = (text: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
          let answer = '';
          socket.on('data', (chunk) => {
            answer += chunk.toString();
          });
          socket.on('end', () => resolve(answer));
          socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
        });
      const head = 'POST /v1/track HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';
      for (const [request, status] of [
        [`${head}Content-Length: abc\r\n\r\n{}`, 400],
        [`${head}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`, 400],
        [`GET /api/customers HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`, 431],
      ] as const) {
        const before = await counts();
        const answer = await raw(request);
        expect(answer.split('\r\n')[0]).toBe(
          `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Request Header Fields Too Large'}`,
        );
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
        expect(body.error).toMatchObject({
          code: expect.any(String),
          message: expect.stringMatching(/\w{3}/),
        });
        expect(await counts()).toEqual(before);
      }
    });
  });
});
