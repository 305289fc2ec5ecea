import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, buildTestApp, type TestApp, WRITE_KEY } from './helper';

const MINUTE = 60_000;
const DAY = 86_400_000;
const sms = (body: string) => ({ channel: 'sms', name: body, body });

/** Checkout started -> wait up to a day for a payment -> thanks, or a nudge on timeout. */
const checkout = journeyDoc(
  [
    node('started', 'event-trigger', { event: 'checkout.started' }),
    node('paid', 'wait-for-event', { event: 'payment.added', timeout: { amount: 1, unit: 'days' } }),
    node('thanks', 'send-message', sms('Thanks')),
    node('nudge', 'send-message', sms('Nudge')),
  ],
  [edge('started', 'paid'), edge('paid', 'thanks', 'matched'), edge('paid', 'nudge', 'timeout')],
);

const beforeRenewal = (days: number) => ({
  mode: 'profile-date',
  field: 'renewal_date',
  offset: { amount: days, unit: 'days', direction: 'before' },
  at: { hour: 9, minute: 0 },
});

/** Renewal reminders 7 and 1 days before `renewal_date`, at 09:00. */
const renewal = journeyDoc(
  [
    node('subscribed', 'event-trigger', { event: 'subscription.started' }),
    node('week-before', 'wait', beforeRenewal(7)),
    node('in-7-days', 'send-message', sms('Renews in 7 days')),
    node('day-before', 'wait', beforeRenewal(1)),
    node('tomorrow', 'send-message', sms('Renews tomorrow')),
  ],
  [
    edge('subscribed', 'week-before'),
    edge('week-before', 'in-7-days'),
    edge('in-7-days', 'day-before'),
    edge('day-before', 'tomorrow'),
  ],
);

/** What a test sends for one customer: batched events (stamps relative to the clock, in ms) then time. */
interface Scenario {
  customerId: string;
  events: { event: string; ageMs?: number }[];
}

describe.each(testDatabaseKinds())('journey semantics through the API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(() => t.close());

  const json = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, status = 200) => {
    const response = await t.api({ method, url, payload });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
    return response.json();
  };
  const publish = async (name: string, document: object) => {
    const journey = await json('POST', '/api/journeys', { document: { ...document, name } }, 201);
    await json('POST', `/api/journeys/${journey.id}/publish`, {}, 201);
    return journey.id as string;
  };

  /** Node ids the customer's runs of a journey entered, in order, from the stored step records. */
  const runtimePath = async (journeyId: string, customerId: string): Promise<string[]> => {
    const { rows } = await t.database.sql.executeSql(
      `select x.step->>'nodeId' as node, x.step->>'kind' as kind
       from (
         select 0 as part, 0::bigint as id, steps from journey_runs
           where customer_id = $1 and journey_id = $2 and steps is not null
         union all
         select 1, s.id, s.steps from run_steps s where s.customer_id = $1 and s.journey_id = $2
         union all
         select 2, 0, final_steps from journey_runs
           where customer_id = $1 and journey_id = $2 and final_steps is not null
       ) s, json_array_elements(s.steps) with ordinality as x(step, n)
       order by s.part, s.id, x.n`,
      [customerId, journeyId],
    );
    return rows.filter((r) => r.kind === 'entered').map((r) => String(r.node));
  };

  /** Sends each scenario as one /v1/batch, then lets `waitMs` pass on the runtime's clock. */
  const runOnRuntime = async (scenarios: Scenario[], waitMs: number) => {
    const now = t.clock.now();
    for (const { customerId, events } of scenarios) {
      const batch = events.map(({ event, ageMs }, index) => ({
        type: 'track',
        userId: customerId,
        event,
        messageId: `${customerId}-${index}`,
        ...(ageMs === undefined ? {} : { timestamp: new Date(now - ageMs).toISOString() }),
      }));
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        payload: { batch },
        headers: { authorization: basic(WRITE_KEY) },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    await t.runtime.drain();
    t.clock.advance(waitMs);
    await t.runtime.drain();
  };

  /** The same scenarios through /api/simulate, from the runtime's clock: each customer's path. */
  const runOnSimulator = async (document: object, scenarios: Scenario[], waitMs: number) => {
    const start = t.clock.now();
    const result = await json('POST', '/api/simulate', {
      document,
      start,
      steps: [
        ...scenarios.map(({ customerId, events }) => ({
          type: 'batch',
          customerId,
          events: events.map(({ event, ageMs }) => ({
            event,
            ...(ageMs === undefined ? {} : { timestamp: start - ageMs }),
          })),
        })),
        { type: 'advance', amount: waitMs / MINUTE, unit: 'minutes' },
      ],
    });
    const last = result.steps.at(-1).report;
    return Object.fromEntries(
      scenarios.map(({ customerId }) => [customerId, last.customers[customerId].runs[0]?.path ?? []]),
    );
  };

  it('lets a run started by a batched event see the next event of the batch, stamps or not', async () => {
    const journeyId = await publish('Checkout rescue', checkout);
    const scenarios: Scenario[] = [
      // As a batching library sends them: stamped by the client seconds before they arrive.
      {
        customerId: 'stamped',
        events: [
          { event: 'checkout.started', ageMs: 5_000 },
          { event: 'payment.added', ageMs: 3_000 },
        ],
      },
      { customerId: 'unstamped', events: [{ event: 'checkout.started' }, { event: 'payment.added' }] },
      // Stamped out of order: arrival order decides, not the stamps.
      {
        customerId: 'reordered',
        events: [
          { event: 'checkout.started', ageMs: 2_000 },
          { event: 'payment.added', ageMs: 9_000 },
        ],
      },
      // The payment arrived before the checkout that started the run: it never counts.
      {
        customerId: 'early',
        events: [
          { event: 'payment.added', ageMs: 1_000 },
          { event: 'checkout.started', ageMs: 5_000 },
        ],
      },
    ];
    const simulated = await runOnSimulator(checkout, scenarios, DAY + MINUTE);
    await runOnRuntime(scenarios, DAY + MINUTE);
    const expected = {
      stamped: ['started', 'paid', 'thanks'],
      unstamped: ['started', 'paid', 'thanks'],
      reordered: ['started', 'paid', 'thanks'],
      early: ['started', 'paid', 'nudge'],
    };
    expect(simulated).toEqual(expected);
    for (const { customerId } of scenarios) {
      expect(await runtimePath(journeyId, customerId), customerId).toEqual(expected[customerId as never]);
    }
    // The event keeps the client's own time for display.
    const stamped = await json('GET', '/api/customers/stamped');
    const payment = stamped.timeline.find((e: { name?: string }) => e.name === 'payment.added');
    expect(Date.parse(payment.at)).toBe(Date.parse(stamped.runs[0].enteredAt) - 3_000);
  });

  it('moves a pending wait on a profile date when the date changes, as the simulator does', async () => {
    const journeyId = await publish('Renewal reminders', renewal);
    const start = t.clock.now(); // Monday 2030-01-07 08:00 UTC
    const at = (iso: string) => Date.parse(iso) - start;
    const customers = ['moved', 'past', 'removed', 'kept'];
    const newDates: Record<string, string | null> = {
      moved: '2030-03-10',
      past: '2030-01-20',
      removed: null,
      kept: '2030-02-10',
    };
    // Checkpoints: 10 days in the dates change; the old 7-day reminder would fire on Feb 3.
    const checkpoints = [at('2030-01-17T08:00:00Z'), at('2030-02-04T08:00:00Z'), at('2030-03-10T08:00:00Z')];

    const simulated = await json('POST', '/api/simulate', {
      document: renewal,
      start,
      customers: customers.map((id) => ({ id, traits: { renewal_date: '2030-02-10', phone: '+1' } })),
      steps: [
        ...customers.map((customerId) => ({ type: 'track', customerId, event: 'subscription.started' })),
        { type: 'advance', amount: checkpoints[0]! / MINUTE, unit: 'minutes' },
        ...customers.map((customerId) => ({
          type: 'identify',
          customerId,
          traits: { renewal_date: newDates[customerId] },
        })),
        { type: 'advance', amount: (checkpoints[1]! - checkpoints[0]!) / MINUTE, unit: 'minutes' },
        { type: 'advance', amount: (checkpoints[2]! - checkpoints[1]!) / MINUTE, unit: 'minutes' },
      ],
    });
    const simPaths = (index: number) =>
      Object.fromEntries(
        customers.map((id) => [id, simulated.steps.at(index).report.customers[id].runs[0].path]),
      );

    const identify = (userId: string, traits: object) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/identify',
        payload: { userId, traits },
        headers: { authorization: basic(WRITE_KEY) },
      });
    const track = (userId: string, event: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/track',
        payload: { userId, event },
        headers: { authorization: basic(WRITE_KEY) },
      });
    const paths = async () =>
      Object.fromEntries(
        await Promise.all(customers.map(async (id) => [id, await runtimePath(journeyId, id)] as const)),
      );
    const until = async (offset: number) => {
      t.clock.advance(start + offset - t.clock.now());
      await t.runtime.drain();
    };
    for (const id of customers) await identify(id, { renewal_date: '2030-02-10', phone: '+1' });
    for (const id of customers) await track(id, 'subscription.started');
    await t.runtime.drain();
    await until(checkpoints[0]!);
    for (const id of customers) await identify(id, { renewal_date: newDates[id] });
    await t.runtime.drain();

    const waiting = ['subscribed', 'week-before'];
    const all = [...waiting, 'in-7-days', 'day-before', 'tomorrow'];
    // Moved so that the 7-day reminder is past: it goes at once, and the next waits for Jan 19.
    // Removed: the wait's fallback, at once, for both reminders.
    const sent7 = [...waiting, 'in-7-days', 'day-before'];
    expect(await paths()).toEqual({ moved: waiting, past: sent7, removed: all, kept: waiting });
    expect(simPaths(customers.length * 2)).toEqual(await paths());

    await until(checkpoints[1]!);
    // The old schedule (Feb 3) fires nothing for the customer whose date moved to March.
    expect(await paths()).toEqual({
      moved: waiting,
      past: all,
      removed: all,
      kept: sent7,
    });
    expect(simPaths(-2)).toEqual(await paths());
    const moved = await json('GET', '/api/customers/moved');
    expect(moved.runs[0].wakeAt).toBe('2030-03-03T09:00:00.000Z');

    await until(checkpoints[2]!);
    expect(await paths()).toEqual({ moved: all, past: all, removed: all, kept: all });
    expect(simPaths(-1)).toEqual(await paths());
    // One reminder each, no more: the timer set for the old date was left to fire and did nothing.
    const { messages } = await json('GET', '/api/messages?customerId=moved');
    expect(messages.map((m: { nodeId: string }) => m.nodeId).sort()).toEqual(['in-7-days', 'tomorrow']);
  });

  it('keeps the workspace name and time zone, used for customers without a valid zone of their own', async () => {
    expect(await json('GET', '/api/settings/workspace')).toEqual({
      name: expect.any(String),
      timeZone: 'UTC',
      publishApproval: false,
      auditRetentionDays: 365,
      customerTimeZones: { missing: 'workspace', invalid: 'workspace-recorded' },
    });
    const refused = await t.api({
      method: 'PUT',
      url: '/api/settings/workspace',
      payload: { name: 'Acme', timeZone: 'Mars/Olympus' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('timeZone');
    expect(refused.json().error.message).toContain('"Mars/Olympus" is not a time zone');
    const saved = await json('PUT', '/api/settings/workspace', { name: ' Acme ', timeZone: 'Europe/Berlin' });
    expect(saved).toMatchObject({ name: 'Acme', timeZone: 'Europe/Berlin' });
    expect(await json('GET', '/api/settings/workspace')).toMatchObject({
      name: 'Acme',
      timeZone: 'Europe/Berlin',
    });

    // A journey that names no zone waits until 09:00 in the workspace zone for customers without one.
    const morning = journeyDoc(
      [
        node('joined', 'event-trigger', { event: 'newsletter.joined' }),
        node('nine', 'wait', { mode: 'time-of-day', hour: 9, minute: 0 }),
        node('hello', 'send-message', sms('Good morning')),
      ],
      [edge('joined', 'nine'), edge('nine', 'hello')],
    );
    await publish('Morning hello', morning);
    const send = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: { authorization: basic(WRITE_KEY) } });
    await send('/v1/identify', { userId: 'no-zone', traits: {} });
    await send('/v1/identify', { userId: 'bad-zone', traits: { timezone: 'Atlantis/Capital' } });
    await send('/v1/identify', { userId: 'tokyo', traits: { timezone: 'Asia/Tokyo' } });
    for (const userId of ['no-zone', 'bad-zone', 'tokyo'])
      await send('/v1/track', { userId, event: 'newsletter.joined' });
    await t.runtime.drain();
    const now = new Date(t.clock.now());
    const nextBerlinNine = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 8, 0);
    const detail = async (id: string) => json('GET', `/api/customers/${id}`);
    const noZone = await detail('no-zone');
    expect(Date.parse(noZone.runs[0].wakeAt) % DAY).toBe(nextBerlinNine % DAY);
    expect(noZone.timeZoneUsed).toEqual({ zone: 'Europe/Berlin', source: 'workspace-missing' });
    const badZone = await detail('bad-zone');
    expect(badZone).toMatchObject({
      timeZone: null,
      invalidTimeZone: 'Atlantis/Capital',
      timeZoneUsed: { zone: 'Europe/Berlin', source: 'workspace-invalid' },
    });
    expect(Date.parse(badZone.runs[0].wakeAt) % DAY).toBe(nextBerlinNine % DAY);
    const tokyo = await detail('tokyo');
    expect(tokyo.timeZoneUsed).toEqual({ zone: 'Asia/Tokyo', source: 'customer' });
    expect(new Date(tokyo.runs[0].wakeAt).getUTCHours()).toBe(0); // 09:00 in Tokyo

    // The simulator reads the same workspace zone.
    const simulated = await json('POST', '/api/simulate', {
      document: morning,
      start: t.clock.now(),
      customers: [{ id: 'no-zone' }],
      steps: [
        { type: 'track', customerId: 'no-zone', event: 'newsletter.joined' },
        { type: 'advance', amount: 1, unit: 'days' },
      ],
    });
    const hello = simulated.steps[1].report.effects.find(
      (e: { type: string; nodeId: string }) => e.type === 'send' && e.nodeId === 'hello',
    );
    expect(hello).toBeDefined();
    const entered = simulated.steps[1].report.effects.find(
      (e: { type: string; kind?: string; nodeId: string }) => e.kind === 'entered' && e.nodeId === 'hello',
    );
    expect(entered.at).toBe(Date.parse(noZone.runs[0].wakeAt));
  });
});
