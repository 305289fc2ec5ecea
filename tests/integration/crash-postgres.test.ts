import { createScratchPostgres } from '@stagecraft/db/testing';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { type Deliveries, expectExactlyOnce } from './crash-outcome';
import {
  batches,
  CUSTOMERS,
  credentials,
  type Fleet,
  publishOrders,
  streamThroughKill,
  waitUntil,
} from './crash-workload';
import { startServerProcess } from './server-process';
import { startSink } from './sink';

describe.skipIf(!process.env.DATABASE_URL)('crash safety on Postgres', () => {
  /** `processes` servers, each run as `perServer` supervised processes (STAGECRAFT_PROCESSES). */
  async function scenario(processes: number, perServer = 1): Promise<Deliveries & { delivered: number }> {
    const sink = await startSink();
    const scratch = await createScratchPostgres();
    const sql = postgres(scratch.url, { max: 1, onnotice: () => undefined });
    const env = { ...credentials, DATABASE_URL: scratch.url, STAGECRAFT_PROCESSES: String(perServer) };
    const fleet: Fleet = { servers: [] };
    try {
      for (let i = 0; i < processes; i++) fleet.servers.push(await startServerProcess(env));
      await publishOrders(fleet.servers[0]!, sink);

      // Kill the first server mid-stream, with events, timers and deliveries in flight; restart it.
      const sentAtKill = await streamThroughKill(fleet, () => startServerProcess(env), 1_500);
      expect(sentAtKill).toBeGreaterThan(0);
      expect(sentAtKill).toBeLessThan(batches().length);

      const settled = () => sql`
        select (select count(*)::int from events where processed_at is null) as pending,
               (select count(*)::int from journey_runs where status = 'completed') as completed,
               (select count(*)::int from messages where status in ('queued', 'failed')) as undelivered`;
      await waitUntil(
        async () => {
          const [state] = await settled();
          return state!.pending === 0 && state!.completed === CUSTOMERS && state!.undelivered === 0;
        },
        90_000,
        async () => `${JSON.stringify(await settled())}\n${fleet.servers.map((s) => s.output()).join('\n')}`,
      );

      const outcome = await expectExactlyOnce((text) => sql.unsafe(text), sink);
      return { ...outcome, delivered: sink.byKey.size + sink.byMessageId.size };
    } finally {
      await Promise.all(fleet.servers.map((s) => s.stop()));
      await sql.end();
      await scratch.drop();
      await sink.close();
    }
  }

  it('a server killed with SIGKILL mid-stream and restarted applies every event once, loses no run and sends no key twice', async () => {
    const outcome = await scenario(1);
    expect(outcome.sent + outcome.interrupted).toBe(3 * CUSTOMERS);
    expect(outcome.delivered).toBeGreaterThanOrEqual(outcome.sent);
  }, 180_000);

  it('two server processes on one Postgres, one of them killed and restarted, give the same outcome', async () => {
    const outcome = await scenario(2);
    expect(outcome.sent + outcome.interrupted).toBe(3 * CUSTOMERS);
  }, 180_000);

  it('a server of two supervised processes, killed with SIGKILL (and its processes with it) and restarted, gives the same outcome', async () => {
    const outcome = await scenario(1, 2);
    expect(outcome.sent + outcome.interrupted).toBe(3 * CUSTOMERS);
  }, 180_000);
});
