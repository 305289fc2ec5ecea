import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from './helper';
import { createSink, journey, type Sink, webhook } from './runtime/harness';

const DAY = 86_400_000;
const START = '2031-03-02T09:00:00.000Z';
const at = (days: number) => new Date(Date.parse(START) + days * DAY).toISOString();

/** Three weeks of onboarding: a hello at once, a tip after a week, then engaged or nudged after two more. */
function onboarding(sink: string) {
  return {
    ...journey(
      'Trial onboarding',
      [
        ['start', 'event-trigger', { event: 'trial.started', where: [] }],
        ['hello', 'send-message', webhook(`${sink}/hello`, '{"user":"{{ profile.handle }}"}')],
        ['week', 'wait', { mode: 'duration', duration: { amount: 7, unit: 'days' } }],
        ['tip', 'send-message', webhook(`${sink}/tip`, '{"user":"{{ profile.handle }}"}')],
        ['fortnight', 'wait', { mode: 'duration', duration: { amount: 14, unit: 'days' } }],
        [
          'made',
          'condition',
          {
            rules: {
              all: [{ eventCount: { event: 'project.created' }, operator: 'greater_or_equal', value: 1 }],
            },
          },
        ],
        ['engaged', 'send-message', webhook(`${sink}/engaged`, '{"user":"{{ profile.handle }}"}')],
        ['nudge', 'send-message', webhook(`${sink}/nudge`, '{"user":"{{ profile.handle }}"}')],
        ['done', 'exit', {}],
      ],
      [
        ['start', 'hello'],
        ['hello', 'week'],
        ['week', 'tip'],
        ['tip', 'fortnight'],
        ['fortnight', 'made'],
        ['made', 'engaged', 'yes'],
        ['made', 'nudge', 'no'],
        ['engaged', 'done'],
        ['nudge', 'done'],
      ],
    ),
  };
}

describe.each(testDatabaseKinds())('test clocks through the API on %s', (kind) => {
  let t: TestApp;
  let sink: Sink;
  let journeyId: string;
  let clockId: string;
  beforeAll(async () => {
    sink = await createSink();
    t = await buildTestApp(kind, { STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1' });
    const created = await json('POST', '/api/journeys', { document: onboarding(sink.url) }, 201);
    journeyId = created.id;
    await json('POST', `/api/journeys/${journeyId}/publish`, {}, 201);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  async function json(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, status = 200) {
    const response = await t.api({ method, url, payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    return response.body ? response.json() : null;
  }
  const send = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, payload, headers: { authorization: basic(WRITE_KEY) } });
  const users = (path: string) => sink.hits(path).map((r) => JSON.parse(r.body).user as string);

  it('creates a clock, and customers on it by the API or by an identify naming it', async () => {
    const clock = await json('POST', '/api/test-clocks', { name: 'Trial QA', start: START }, 201);
    expect(clock).toEqual({ id: expect.stringMatching(/^clk_/), name: 'Trial QA', now: START, customers: 0 });
    clockId = clock.id;
    expect(
      await json(
        'POST',
        `/api/test-clocks/${clockId}/customers`,
        { userId: 'qa-ada', traits: { plan: 'pro', handle: 'qa-ada' } },
        201,
      ),
    ).toEqual({
      customerId: 'qa-ada',
      testClockId: clockId,
    });
    const identify = await send('/v1/identify', {
      userId: 'qa-bob',
      traits: { plan: 'free', handle: 'qa-bob' },
      context: { testClock: clockId },
    });
    expect(identify.statusCode, identify.body).toBe(200);
    const shown = await json('GET', `/api/test-clocks/${clockId}`);
    expect(shown).toMatchObject({ now: START, customers: 2, customerIds: ['qa-ada', 'qa-bob'] });
    const bob = await json('GET', '/api/customers/qa-bob');
    expect(bob).toMatchObject({ testClockId: clockId, traits: { plan: 'free' }, firstSeenAt: START });
  });

  it("applies the clock customers' events at the clock's time, through the real runtime and channels", async () => {
    await send('/v1/identify', { userId: 'real-cy', traits: { plan: 'pro', handle: 'real-cy' } });
    for (const userId of ['qa-ada', 'qa-bob', 'real-cy']) {
      const sent = await send('/v1/track', {
        userId,
        event: 'trial.started',
        timestamp: '2020-01-01T00:00:00Z',
      });
      expect(sent.statusCode, sent.body).toBe(200);
    }
    // The clock's customers ran before the answer; the real one waits for the workers.
    expect(users('/hello').sort()).toEqual(['qa-ada', 'qa-bob']);
    await t.runtime.drain();
    expect(users('/hello').sort()).toEqual(['qa-ada', 'qa-bob', 'real-cy']);
    const ada = await json('GET', '/api/customers/qa-ada');
    expect(ada.runs).toEqual([
      expect.objectContaining({ journeyId, currentNodeId: 'week', enteredAt: START }),
    ]);
    const event = ada.timeline.find(
      (e: { kind: string; name: string }) => e.kind === 'event' && e.name === 'trial.started',
    );
    expect(event.at).toBe(START);
  });

  it('advances in order through weeks of waits, answering once everything due has run', async () => {
    const week = await json('POST', `/api/test-clocks/${clockId}/advance`, { to: at(10) });
    expect(week).toMatchObject({ id: clockId, now: at(10) });
    expect(week.ran).toBeGreaterThan(0);
    expect(users('/tip').sort()).toEqual(['qa-ada', 'qa-bob']);
    // Ada creates a project on day 10 of the clock; the real customer has not moved at all.
    await send('/v1/track', { userId: 'qa-ada', event: 'project.created' });
    await t.runtime.drain();
    expect(users('/tip')).not.toContain('real-cy');

    await json('POST', `/api/test-clocks/${clockId}/advance`, { to: at(30) });
    expect(users('/engaged')).toEqual(['qa-ada']);
    expect(users('/nudge')).toEqual(['qa-bob']);
    const ada = await json('GET', '/api/customers/qa-ada');
    expect(ada.runs).toEqual([expect.objectContaining({ status: 'completed', endedAt: at(21) })]);
    const real = await json('GET', '/api/customers/real-cy');
    expect(real.runs).toEqual([expect.objectContaining({ status: 'active', currentNodeId: 'week' })]);
  });

  it("leaves the clock's customers out of the journey's statistics", async () => {
    const stats = await json('GET', `/api/journeys/${journeyId}/stats`);
    expect(stats.totals).toMatchObject({ runs: 1, active: 1 });
    expect(stats.nodes.hello).toMatchObject({ entered: 1 });
  });

  it('refuses what a clock cannot do, naming the field', async () => {
    const unknown = await send('/v1/track', {
      userId: 'qa-zed',
      event: 'x',
      context: { testClock: 'clk_nope' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'invalid-payload', field: 'context.testClock' });
    const moved = await send('/v1/identify', { userId: 'real-cy', context: { testClock: clockId } });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error).toMatchObject({ code: 'test-clock-conflict', field: 'context.testClock' });
    const taken = await t.api({
      method: 'POST',
      url: `/api/test-clocks/${clockId}/customers`,
      payload: { userId: 'real-cy' },
    });
    expect(taken.statusCode).toBe(409);
    const back = await t.api({
      method: 'POST',
      url: `/api/test-clocks/${clockId}/advance`,
      payload: { to: START },
    });
    expect(back.statusCode).toBe(400);
    expect(back.json().error).toMatchObject({ code: 'test-clock-backwards', field: 'to' });
    const missing = await t.api({
      method: 'POST',
      url: '/api/test-clocks/clk_nope/advance',
      payload: { to: at(40) },
    });
    expect(missing.statusCode).toBe(404);
    const badTime = await t.api({
      method: 'POST',
      url: '/api/test-clocks',
      payload: { name: 'x', start: 'tomorrow' },
    });
    expect(badTime.statusCode).toBe(400);
  });

  it('deletes a clock with its customers and everything stored about them', async () => {
    await json('DELETE', `/api/test-clocks/${clockId}`, undefined, 204);
    expect((await t.api({ method: 'GET', url: '/api/customers/qa-ada' })).statusCode).toBe(404);
    const { rows } = await t.database.sql.executeSql(
      "select count(*)::int as n from events where customer_id in ('qa-ada', 'qa-bob')",
    );
    expect(rows[0]!.n).toBe(0);
    expect((await json('GET', '/api/customers/real-cy')).runs).toHaveLength(1);
    expect((await json('GET', '/api/test-clocks')).testClocks).toEqual([]);
  });
});
