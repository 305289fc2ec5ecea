import { synthesize } from '@stagecraft/clv';
import { events, workspaces } from '@stagecraft/db';
import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { DEFAULT_STAGES } from '@stagecraft/graph';
import { seededRandom } from '@stagecraft/stats';
import { describe, expect, it } from 'vitest';
import { createClvService } from '../src/analytics/clv';
import { scheduleClvFits } from '../src/analytics/schedule';

const HOUR = 3_600_000;

describe.each(testDatabaseKinds())('scheduled CLV fits on %s', (kind) => {
  it('fits each stale workspace once per interval, and says when one cannot be fitted', async () => {
    const database = await createTestDatabase(kind);
    let now = Date.UTC(2030, 5, 1, 12);
    const clv = createClvService(database, () => now);
    await database.db.insert(workspaces).values([
      { id: 'shop', name: 'Shop', stages: DEFAULT_STAGES },
      { id: 'empty', name: 'Empty', stages: DEFAULT_STAGES },
    ]);
    // 300 customers drawn from known BG/NBD and Gamma-Gamma parameters, as purchase events by day.
    const drawn = synthesize({
      bgnbd: { r: 0.5, alpha: 6, a: 0.9, b: 3 },
      gammaGamma: { p: 5, q: 4, v: 20 },
      customers: 300,
      minT: 30,
      maxT: 150,
      random: seededRandom(5),
    });
    const day = (n: number) => new Date(now - n * 86_400_000);
    await database.db.insert(events).values(
      drawn.flatMap((c) =>
        Array.from({ length: c.frequency + 1 }, (_, k) => ({
          workspaceId: 'shop',
          customerId: `c${c.customerId}`,
          messageId: `m${c.customerId}-${k}`,
          type: 'track' as const,
          name: 'Order Completed',
          properties: { revenue: k === 0 ? 10 : c.monetary * (0.8 + 0.1 * (k % 5)) },
          timestamp: day(Math.round(c.T - (k === 0 ? 0 : (c.recency * k) / c.frequency))),
          receivedAt: new Date(now),
        })),
      ),
    );
    const logged: { msg: string; workspaceId?: string; reason?: string }[] = [];
    const log = {
      info: (obj: object, msg: string) => logged.push({ msg, ...obj }),
      warn: (obj: object, msg: string) => logged.push({ msg, ...obj }),
    };
    const schedule = scheduleClvFits({
      clv,
      everyMs: HOUR,
      exclusive: (key, fn) => database.exclusive(key, fn),
      log,
      now: () => now,
      firstCheckMs: 1,
      checkEveryMs: 20,
    });
    try {
      await expect.poll(() => logged.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      // Later checks within the hour find nothing stale in the shop.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const shopFits = await database.sql.executeSql(
        "select count(*)::int as n from clv_models where workspace_id = 'shop'",
      );
      expect(shopFits.rows[0]?.n, JSON.stringify(logged)).toBe(1);
      expect(logged).toContainEqual(
        expect.objectContaining({ msg: 'CLV model fitted', workspaceId: 'shop' }),
      );
      expect(logged).toContainEqual(
        expect.objectContaining({
          msg: 'CLV model not fitted',
          workspaceId: 'empty',
          reason: 'not enough repeat buyers',
        }),
      );
      // The empty workspace is tried again only an interval later, not at every check.
      expect(logged.filter((entry) => entry.workspaceId === 'empty')).toHaveLength(1);
      // An hour on, the shop's model is stale and is fitted again.
      now += HOUR + 1;
      await expect
        .poll(
          async () =>
            (
              await database.sql.executeSql(
                "select count(*)::int as n from clv_models where workspace_id = 'shop'",
              )
            ).rows[0]?.n,
          {
            timeout: 20_000,
          },
        )
        .toBe(2);
    } finally {
      await schedule.stop();
      await database.close();
    }
  });
});
