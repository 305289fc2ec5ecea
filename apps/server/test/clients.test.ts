import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { Analytics } from '@segment/analytics-node';
import { events } from '@stagecraft/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, WRITE_KEY } from './helper';

/** The official server clients, unchanged, pointed at a listening Stagecraft. */
describe('real Segment and RudderStack clients', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await buildTestApp('pglite');
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  const eventsOf = (customerId: string) =>
    t.database.db.select().from(events).where(eq(events.customerId, customerId));

  it('accepts @segment/analytics-node batches (Basic auth, /v1/batch)', async () => {
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: url, flushAt: 10, maxRetries: 0 });
    const failures: unknown[] = [];
    analytics.on('error', (error) => failures.push(error));
    analytics.identify({ userId: 'segment-user', traits: { email: 'seg@example.com', plan: 'pro' } });
    analytics.track({
      userId: 'segment-user',
      event: 'Order Completed',
      properties: { revenue: 42, currency: 'USD' },
    });
    analytics.page({ userId: 'segment-user', name: 'Pricing' });
    await analytics.closeAndFlush({ timeout: 10_000 });

    expect(failures).toEqual([]);
    const stored = await eventsOf('segment-user');
    expect(stored.map((e) => e.type).sort()).toEqual(['identify', 'page', 'track']);
    expect(stored.find((e) => e.type === 'track')).toMatchObject({
      name: 'Order Completed',
      properties: { revenue: 42, currency: 'USD' },
    });
    // The client's own messageId is kept, so its retries deduplicate.
    expect(stored.every((e) => e.messageId.length > 10)).toBe(true);
  });

  it('accepts @rudderstack/rudder-sdk-node batches (gzip bodies)', async () => {
    const client = new RudderAnalytics(WRITE_KEY, {
      dataPlaneUrl: url,
      flushAt: 10,
      retryCount: 0,
      logLevel: 'error',
    });
    client.identify({ userId: 'rudder-user', traits: { plan: 'team' } });
    client.track({ userId: 'rudder-user', event: 'Signed Up', properties: { source: 'docs' } });
    await new Promise<void>((resolve, reject) => {
      client.flush((error?: Error) => (error ? reject(error) : resolve()));
    });

    const stored = await eventsOf('rudder-user');
    expect(stored.map((e) => e.type).sort()).toEqual(['identify', 'track']);
    expect(stored.find((e) => e.type === 'identify')?.traits).toMatchObject({ plan: 'team' });
  });
});
