import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helper';
import { createSink, type Sink } from '../runtime/harness';
import { createSmtpSink, type SmtpSink } from './smtp-sink';
import { call, email, messagesOf, publishJourney, segment } from './support';

const HOUR = 3_600_000;
const sms = (name: string) => ({
  channel: 'sms',
  name,
  subject: '',
  body: `${name} text`,
  to: null,
  url: null,
});

/** Building the app on a fresh database can take a while on a busy machine. */
const SETUP_MS = 180_000;

describe.each(testDatabaseKinds())('guardrails through the API on %s', (kind) => {
  let t: TestApp;
  let sink: Sink;
  let smtp: SmtpSink;
  let promoJourney = '';
  let deferredJourney = '';
  beforeAll(async () => {
    sink = await createSink();
    smtp = await createSmtpSink();
    // The clock starts on Monday 2030-01-07 08:00 UTC.
    t = await buildTestApp(kind, { STAGECRAFT_OUTBOUND_ALLOW: '127.0.0.1' });
    await call(t, 'PUT', '/api/settings/channels/sms', {
      provider: 'http',
      url: `${sink.url}/sms`,
      headers: { authorization: 'Bearer sms-api-key-4321' },
    });
    await call(t, 'PUT', '/api/settings/channels/email', {
      provider: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      from: 'Acme <hello@acme.test>',
    });
    const settings = await call(t, 'PUT', '/api/settings/guardrails', {
      quietHours: { sms: { start: '21:00', end: '08:00' } },
      frequencyCaps: {
        email: [
          { max: 3, days: 7 },
          { max: 1, calendarDays: 1 },
        ],
      },
    });
    expect(settings.quietHours).toEqual({ email: null, sms: { start: '21:00', end: '08:00' }, push: null });
    expect((await call(t, 'GET', '/api/settings/channels')).sms.headers).toEqual({
      authorization: '••••4321',
    });
    promoJourney = await publishJourney(
      t,
      'Promos',
      [
        ['t', 'event-trigger', { event: 'Promo', where: [] }],
        ['e', 'send-message', email('Promo', '<p>Deal</p>')],
      ],
      [['t', 'e']],
      { reentry: { policy: 'always' } },
    );
    deferredJourney = await publishJourney(
      t,
      'Deferred promos',
      [
        ['t', 'event-trigger', { event: 'Late Promo', where: [] }],
        ['e', 'send-message', email('Late promo', '<p>Deal</p>', { capAction: 'defer' })],
      ],
      [['t', 'e']],
      { reentry: { policy: 'always' } },
    );
    await publishJourney(
      t,
      'Texts',
      [
        ['t', 'event-trigger', { event: 'Text Me', where: [] }],
        ['s', 'send-message', sms('Reminder')],
      ],
      [['t', 's']],
      { reentry: { policy: 'always' } },
    );
  }, SETUP_MS);
  afterAll(async () => {
    await t.close();
    await sink.close();
    await smtp.close();
  });

  let seq = 0;
  const track = (userId: string, event: string) =>
    segment(t, 'track', { userId, event, messageId: `m${++seq}` });
  const person = (userId: string, timezone: string, traits: Record<string, unknown> = {}) =>
    segment(t, 'identify', {
      userId,
      traits: { phone: '+15550100', email: `${userId}@example.com`, ...traits },
      context: { timezone },
    });

  it('defers SMS in quiet hours to the end of the window in each customer’s zone', async () => {
    await person('nyc', 'America/New_York'); // 03:00 there
    await person('tyo', 'Asia/Tokyo'); // 17:00 there
    await person('nowhere', 'Mars/Olympus'); // invalid: the workspace zone (UTC), 08:00
    for (const who of ['nyc', 'tyo', 'nowhere']) await track(who, 'Text Me');
    await t.runtime.drain();
    expect(
      sink
        .hits('/sms')
        .map((r) => JSON.parse(r.body).customerId)
        .sort(),
    ).toEqual(['nowhere', 'tyo']);
    const [held] = await messagesOf(t, 'nyc');
    expect(held).toMatchObject({
      status: 'deferred',
      nextAttemptAt: '2030-01-07T13:00:00.000Z',
      lastError: expect.stringContaining('quiet hours 21:00–08:00 in America/New_York'),
    });
    expect((await call(t, 'GET', '/api/customers/nowhere')).invalidTimeZone).toBe('Mars/Olympus');
    t.clock.advance(5 * HOUR - 1);
    await t.runtime.drain();
    expect(sink.hits('/sms')).toHaveLength(2);
    t.clock.advance(1);
    await t.runtime.drain();
    expect(sink.hits('/sms')).toHaveLength(3);
    expect((await messagesOf(t, 'nyc'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('ends quiet hours at local 08:00 across a daylight-saving change', async () => {
    // Sunday 2030-03-10: New York springs forward at 02:00; 05:00 UTC is 00:00 EST.
    t.clock.advance(Date.UTC(2030, 2, 10, 5, 0) - t.clock.now());
    await track('nyc', 'Text Me');
    await t.runtime.drain();
    const held = (await messagesOf(t, 'nyc')).find((m) => m.status === 'deferred');
    // 08:00 EDT is 12:00 UTC (it would be 13:00 UTC without the change).
    expect(held).toMatchObject({ nextAttemptAt: '2030-03-10T12:00:00.000Z' });
    t.clock.advance(7 * HOUR);
    await t.runtime.drain();
    expect((await messagesOf(t, 'nyc')).every((m) => m.status === 'sent')).toBe(true);
  });

  it('caps marketing email per calendar day in the customer’s zone and per rolling week', async () => {
    // Monday 2030-03-11 08:00 UTC is 17:00 in Tokyo.
    t.clock.advance(Date.UTC(2030, 2, 11, 8, 0) - t.clock.now());
    const mailsTo = (who: string) => smtp.received.filter((m) => m.to.includes(`${who}@example.com`)).length;
    await track('tyo', 'Promo');
    await t.runtime.drain();
    t.clock.advance(2 * HOUR); // 19:00 in Tokyo, the same calendar day
    await track('tyo', 'Promo');
    await t.runtime.drain();
    expect(mailsTo('tyo')).toBe(1);
    const skipped = (await messagesOf(t, 'tyo')).find((m) => m.status === 'skipped');
    expect(skipped?.lastError).toContain('frequency cap: at most 1 per calendar day on email');

    t.clock.advance(5 * HOUR); // 15:00 UTC: midnight in Tokyo, still Monday in UTC
    await track('tyo', 'Promo');
    await t.runtime.drain();
    expect(mailsTo('tyo')).toBe(2);
    t.clock.advance(24 * HOUR);
    await track('tyo', 'Promo');
    await t.runtime.drain();
    expect(mailsTo('tyo')).toBe(3);
    t.clock.advance(24 * HOUR);
    await track('tyo', 'Promo');
    await t.runtime.drain();
    expect(mailsTo('tyo')).toBe(3);
    expect(
      (await messagesOf(t, 'tyo')).filter((m) => m.status === 'skipped').map((m) => m.lastError),
    ).toContain('frequency cap: at most 3 per 7 days on email');

    // A node set to defer waits until the week's first send leaves the window.
    await track('tyo', 'Late Promo');
    await t.runtime.drain();
    const deferred = (await messagesOf(t, 'tyo')).find((m) => m.name === 'Late promo');
    expect(deferred).toMatchObject({ status: 'deferred', nextAttemptAt: '2030-03-18T08:00:00.000Z' });
    const stats = await call(t, 'GET', `/api/journeys/${deferredJourney}/stats`);
    expect(stats.nodes.e).toMatchObject({ entered: 1, capped: 1, deferred: 1 });
    const promoStats = await call(t, 'GET', `/api/journeys/${promoJourney}/stats`);
    expect(promoStats.nodes.e).toMatchObject({ capped: 2, deferred: 0 });
    t.clock.advance(Date.UTC(2030, 2, 18, 8, 0) - t.clock.now());
    await t.runtime.drain();
    expect(mailsTo('tyo')).toBe(4);
  });

  it('limits sends per second per provider, shared by every process, deferring the rest', async () => {
    await call(t, 'PUT', '/api/settings/guardrails', { sendRates: { sms: 2 } });
    const before = sink.hits('/sms').length;
    for (let i = 0; i < 5; i++) await person(`rate${i}`, 'UTC');
    for (let i = 0; i < 5; i++) await track(`rate${i}`, 'Text Me');
    await t.runtime.drain();
    const counts = [sink.hits('/sms').length - before];
    for (let step = 0; step < 3; step++) {
      t.clock.advance(2_000);
      await t.runtime.drain();
      counts.push(sink.hits('/sms').length - before);
    }
    expect(counts).toEqual([2, 4, 5, 5]);
  });
});
