import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@stagecraft/db';
import { describe, expect, it } from 'vitest';
import { expectExactlyOnce } from './crash-outcome';
import {
  api,
  batches,
  CUSTOMERS,
  credentials,
  type Fleet,
  publishOrders,
  streamThroughKill,
  waitUntil,
} from './crash-workload';
import { type ServerProcess, startServerProcess } from './server-process';
import { startSink } from './sink';

interface Stats {
  totals: { completed: number };
}

/** Settled as far as the management API can tell: every run completed, no webhook still to send. */
async function settled(server: ServerProcess, journeyId: string) {
  const [stats, queued, failed] = await Promise.all([
    api<Stats>(server, `/api/journeys/${journeyId}/stats`),
    api<{ messages: unknown[] }>(server, '/api/messages?status=queued&limit=500'),
    api<{ messages: unknown[] }>(server, '/api/messages?status=failed&limit=500'),
  ]);
  return {
    completed: stats.totals.completed,
    undelivered: queued.messages.length + failed.messages.length,
  };
}

// PGlite is one process: the test cannot open the data folder while the server owns it, so it
// watches progress through the API and reads the outcome from the folder once the server stopped.
describe('crash safety on embedded PGlite', () => {
  it('a server killed with SIGKILL mid-stream and restarted on its data folder applies every event once, loses no run and sends no key twice', async () => {
    const sink = await startSink();
    const dataDir = mkdtempSync(join(tmpdir(), 'stagecraft-crash-'));
    // An empty DATABASE_URL counts as unset, so the server uses the folder even when the suite
    // runs with a Postgres server configured.
    const env = { ...credentials, DATABASE_URL: '', STAGECRAFT_DATA_DIR: dataDir };
    const fleet: Fleet = { servers: [] };
    try {
      fleet.servers.push(await startServerProcess(env));
      const journeyId = await publishOrders(fleet.servers[0]!, sink);

      const sentAtKill = await streamThroughKill(fleet, () => startServerProcess(env), 1_500);
      expect(sentAtKill).toBeGreaterThan(0);
      expect(sentAtKill).toBeLessThan(batches().length);

      const server = fleet.servers[0]!;
      await waitUntil(
        async () => {
          const state = await settled(server, journeyId);
          return state.completed === CUSTOMERS && state.undelivered === 0;
        },
        45_000,
        async () => `${JSON.stringify(await settled(server, journeyId))}\n${server.output()}`,
      );
      await server.stop();
      fleet.servers = [];

      const database = await createDatabase({ dataDir });
      try {
        const query = async (text: string) => (await database.sql.executeSql(text)).rows;
        const outcome = await expectExactlyOnce(query, sink);
        expect(outcome.sent + outcome.interrupted).toBe(3 * CUSTOMERS);
      } finally {
        await database.close();
      }
    } finally {
      await Promise.all(fleet.servers.map((s) => s.stop()));
      await sink.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
