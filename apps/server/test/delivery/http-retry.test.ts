import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper';
import { createSink, type Sink, webhook } from '../runtime/harness';
import { call, messagesOf, publishJourney, segment } from './support';

const SECOND = 1_000;

/** A journey calling `path` with the given retry settings; Success tags `ok`, Failure tags `failed`. */
function httpJourney(t: TestApp, sink: Sink, name: string, retry: Record<string, unknown>) {
  return publishJourney(
    t,
    name,
    [
      ['t', 'event-trigger', { event: name, where: [] }],
      ['h', 'http-request', { method: 'POST', url: `${sink.url}/${name}`, body: '{"n":1}', ...retry }],
      ['ok', 'tag', { op: 'add', tag: 'ok' }],
      ['bad', 'tag', { op: 'add', tag: 'failed' }],
    ],
    [
      ['t', 'h'],
      ['h', 'ok', 'success'],
      ['h', 'bad', 'failure'],
    ],
  );
}

/** Building the app on a fresh database can take a while on a busy machine. */
const SETUP_MS = 180_000;

describe.each(testDatabaseKinds())('HTTP failures and retry settings through the API on %s', (kind) => {
  let t: TestApp;
  let sink: Sink;
  beforeAll(async () => {
    sink = await createSink();
    sink.respondWith((r) =>
      r.path === '/flaky' && sink.hits('/flaky').length > 2
        ? { status: 200, body: { fine: true } }
        : { status: 500, body: { error: 'down' } },
    );
    t = await buildTestApp(kind, { STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1' });
  }, SETUP_MS);
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const run = async (customer: string, event: string) => {
    await segment(t, 'track', { userId: customer, event });
    await t.runtime.drain();
  };
  const tags = async (customer: string) =>
    (await call(t, 'GET', `/api/customers/${customer}`)).tags as string[];

  it('tries as often as set, at a fixed interval, then takes the failure port; the step shows each attempt', async () => {
    await httpJourney(t, sink, 'fixed', {
      retryAttempts: 3,
      retryDelayMs: 2 * SECOND,
      retryBackoff: 'fixed',
    });
    await run('ana', 'fixed');
    expect(sink.hits('/fixed')).toHaveLength(1);
    t.clock.advance(2 * SECOND - 1);
    await t.runtime.drain();
    expect(sink.hits('/fixed')).toHaveLength(1);
    t.clock.advance(1);
    await t.runtime.drain();
    t.clock.advance(2 * SECOND);
    await t.runtime.drain();
    expect(sink.hits('/fixed')).toHaveLength(3);
    expect(new Set(sink.hits('/fixed').map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const [message] = await messagesOf(t, 'ana');
    expect(message).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: expect.stringContaining('gave up after 3 attempts'),
    });
    expect((message!.attemptLog as { status: number }[]).map((a) => a.status)).toEqual([500, 500, 500]);
    expect(await tags('ana')).toEqual(['failed']);
  });

  it('retries only the listed statuses', async () => {
    await httpJourney(t, sink, 'only503', {
      retryAttempts: 5,
      retryDelayMs: SECOND,
      retryStatuses: '503, 429',
    });
    await run('ben', 'only503');
    t.clock.advance(60 * SECOND);
    await t.runtime.drain();
    expect(sink.hits('/only503')).toHaveLength(1);
    expect((await messagesOf(t, 'ben'))[0]).toMatchObject({ status: 'dead', attempts: 1 });
    expect(await tags('ben')).toEqual(['failed']);
  });

  it('stops retrying when the next try would start after the time budget', async () => {
    await httpJourney(t, sink, 'budget', { retryAttempts: 10, retryDelayMs: SECOND, retryBudgetMs: 2_500 });
    await run('cat', 'budget');
    for (let i = 0; i < 5; i++) {
      t.clock.advance(SECOND);
      await t.runtime.drain();
    }
    // Tries at 0 s and 1 s; the next would start at 3 s, past the 2.5 s budget.
    expect(sink.hits('/budget')).toHaveLength(2);
    expect(await tags('cat')).toEqual(['failed']);
  });

  it('exponential backoff by default doubles the wait, and a later success takes the success port', async () => {
    await httpJourney(t, sink, 'flaky', { retryDelayMs: SECOND });
    await run('dan', 'flaky');
    t.clock.advance(SECOND);
    await t.runtime.drain();
    t.clock.advance(SECOND);
    await t.runtime.drain();
    expect(sink.hits('/flaky')).toHaveLength(2);
    t.clock.advance(SECOND);
    await t.runtime.drain();
    expect(sink.hits('/flaky')).toHaveLength(3);
    const [message] = await messagesOf(t, 'dan');
    expect(message).toMatchObject({ status: 'sent', attempts: 3 });
    expect((message!.attemptLog as { status: number }[]).map((a) => a.status)).toEqual([500, 500, 200]);
    expect(await tags('dan')).toEqual(['ok']);
  });

  it('stops the run as failed when the node says so', async () => {
    await httpJourney(t, sink, 'stop', { retryAttempts: 1, onFailure: 'stop' });
    await run('eve', 'stop');
    const customer = await call(t, 'GET', '/api/customers/eve');
    expect(customer.tags).toEqual([]);
    expect(customer.runs[0]).toMatchObject({
      status: 'failed',
      exitReason: expect.stringContaining('HTTP 500'),
    });
  });

  it('gives a webhook message the same settings', async () => {
    await publishJourney(
      t,
      'hook',
      [
        ['t', 'event-trigger', { event: 'hook', where: [] }],
        [
          'w',
          'send-message',
          { ...webhook(`${sink.url}/hook`, '{"a":1}'), retryAttempts: 2, retryDelayMs: SECOND },
        ],
      ],
      [['t', 'w']],
    );
    await run('fay', 'hook');
    t.clock.advance(10 * SECOND);
    await t.runtime.drain();
    expect(sink.hits('/hook')).toHaveLength(2);
    expect((await messagesOf(t, 'fay'))[0]).toMatchObject({ status: 'dead', attempts: 2 });
  });

  it('refuses retry settings that cannot work, naming the field', async () => {
    const created = await call(
      t,
      'POST',
      '/api/journeys',
      {
        document: {
          name: 'bad retry',
          nodes: [
            {
              id: 't',
              type: 'event-trigger',
              typeVersion: 1,
              position: { x: 0, y: 0 },
              config: { event: 'x', where: [] },
            },
            {
              id: 'h',
              type: 'http-request',
              typeVersion: 1,
              position: { x: 200, y: 0 },
              config: { url: 'https://example.com/x', retryStatuses: 'sometimes', retryAttempts: 0 },
            },
          ],
          edges: [{ id: 'e', source: 't', target: 'h' }],
        },
      },
      201,
    );
    const response = await t.api({ method: 'POST', url: `/api/journeys/${created.id}/publish`, payload: {} });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('retryStatuses');
    expect(response.body).toContain('retryAttempts');
  });
});
