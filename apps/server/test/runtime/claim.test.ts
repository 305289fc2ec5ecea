import { createDatabase, type Database, type SqlExecutor } from '@stagecraft/db';
import { createScratchPostgres } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimCustomers } from '../../src/runtime/event-worker';
import { storeEvents } from '../../src/runtime/ingest';
import type { IngestMessage } from '../../src/runtime/types';
import { WORKSPACE } from './harness';

const CUSTOMERS = 12;
const EVENTS_EACH = 3;

const track = (userId: string, n: number): IngestMessage => ({
  messageId: `${userId}-${n}`,
  type: 'track',
  userId,
  event: 'item.viewed',
  properties: {},
  traits: {},
  context: {},
  timestamp: Date.UTC(2030, 0, 1),
  receivedAt: Date.UTC(2030, 0, 1),
});

/** Advisory locks the transaction's own connection holds. */
async function heldLocks(sql: SqlExecutor): Promise<number> {
  const { rows } = await sql.executeSql(
    `select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`,
  );
  return Number(rows[0]?.n);
}

// Concurrent claims need two connections, which the single-session PGlite does not have.
describe.skipIf(!process.env.DATABASE_URL)('claiming customers with pending events on Postgres', () => {
  let first: Database;
  let second: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const scratch = await createScratchPostgres();
    drop = scratch.drop;
    first = await createDatabase({ url: scratch.url, max: 2 });
    second = await createDatabase({ url: scratch.url, max: 2 });
    // Interleaved like real traffic: every customer's first event, then every second one, ...
    const messages = Array.from({ length: EVENTS_EACH }, (_, n) =>
      Array.from({ length: CUSTOMERS }, (_, c) => track(`c${c}`, n)),
    ).flat();
    await storeEvents(first, WORKSPACE, messages);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await drop?.();
  });

  it('locks exactly the customers it returns, and a concurrent worker claims the next ones', async () => {
    await first.transaction(async (a) => {
      const claimedByA = await claimCustomers(a.sql, 3);
      expect(claimedByA.map((k) => k.customerId)).toEqual(['c0', 'c1', 'c2']);
      expect(await heldLocks(a.sql)).toBe(3);
      const claimedByB = await second.transaction(async (b) => {
        const keys = await claimCustomers(b.sql, 3);
        expect(await heldLocks(b.sql)).toBe(3);
        return keys;
      });
      expect(claimedByB.map((k) => k.customerId)).toEqual(['c3', 'c4', 'c5']);
    });
  });

  it('releases the locks with the transaction', async () => {
    const again = await first.transaction((tx) => claimCustomers(tx.sql, CUSTOMERS));
    expect(again).toHaveLength(CUSTOMERS);
  });
});
