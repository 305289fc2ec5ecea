import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@stagecraft/db';
import type { RuntimeContext } from './context';
import { enterJourney } from './enter';
import { insertEvents } from './ingest';
import type { IngestMessage } from './types';
import { Workers } from './workers';

/** A test clock as the API shows it. Times are epoch milliseconds. */
export interface TestClock {
  id: string;
  name: string;
  now: number;
  /** How many customers live on it. */
  customers: number;
}

/** What the caller asked of a clock cannot be done; `field` names the input at fault. */
export class TestClockRefused extends Error {
  constructor(
    readonly code:
      | 'test-clock-not-found'
      | 'test-clock-conflict'
      | 'test-clock-backwards'
      | 'test-clock-too-busy',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TestClockRefused';
  }
}

/** The furthest one advance may move a clock: ten years. */
export const MAX_ADVANCE_MS = 10 * 366 * 86_400_000;
/** Work items (events, timers, deliveries) one advance may run before it stops and says so. */
export const MAX_ADVANCE_WORK = 100_000;

/** Messages split by where they are applied: real time, or a test clock. */
export interface ClockSplit {
  real: IngestMessage[];
  byClock: Map<string, IngestMessage[]>;
}

/**
 * Test clocks on the real runtime: customers created on a clock live on its time. Their events
 * are stored with the clock's id (the event workers never take them) and applied at the clock's
 * `now`; their timers and deliveries are jobs of the clock, taken only when it is advanced. All
 * of it runs through the same workers as real customers, on a context whose clock is the test
 * clock's (`clockContext`), so HTTP steps, channels and plugins are the real ones. Work on one
 * clock is serialised: by an in-process queue, and across processes by an advisory lock.
 */
export class TestClocks {
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(private readonly ctx: RuntimeContext) {}

  async create(workspaceId: string, name: string, start: number): Promise<TestClock> {
    const id = `clk_${randomBytes(9).toString('base64url')}`;
    await this.ctx.database.sql.executeSql(
      'insert into test_clocks (workspace_id, id, name, now) values ($1, $2, $3, $4)',
      [workspaceId, id, name, new Date(start).toISOString()],
    );
    return { id, name, now: start, customers: 0 };
  }

  async list(workspaceId: string): Promise<TestClock[]> {
    const { rows } = await this.ctx.database.sql.executeSql(
      `${CLOCK_SELECT} where k.workspace_id = $1 order by k.created_at desc, k.id`,
      [workspaceId],
    );
    return rows.map(clockFromRow);
  }

  async get(workspaceId: string, id: string): Promise<TestClock | null> {
    return findClock(this.ctx.database.sql, workspaceId, id);
  }

  /** The customers of a clock, by id. */
  async customers(workspaceId: string, id: string): Promise<string[]> {
    const { rows } = await this.ctx.database.sql.executeSql(
      'select customer_id from customers where workspace_id = $1 and test_clock_id = $2 order by customer_id',
      [workspaceId, id],
    );
    return rows.map((r) => String(r.customer_id));
  }

  /**
   * Splits arriving messages: those of customers on a clock, or naming one in
   * `context.testClock` (which creates the customer on it), go to that clock. A message naming a
   * clock that does not exist, or a customer that lives elsewhere, is refused.
   */
  async split(workspaceId: string, messages: IngestMessage[]): Promise<ClockSplit> {
    const named = messages.some((m) => m.context.testClock !== undefined);
    const { rows } = await this.ctx.database.sql.executeSql(
      `select customer_id, test_clock_id from customers
       where workspace_id = $1 and customer_id = any($2::text[]) ${named ? '' : 'and test_clock_id is not null'}`,
      [workspaceId, [...new Set(messages.map((m) => m.userId))]],
    );
    const known = new Map(
      rows.map((r) => [String(r.customer_id), (r.test_clock_id as string | null) ?? null]),
    );
    // Each clock a batch names is looked up once, however many messages name it.
    const clocks = new Map<string, Promise<TestClock | null>>();
    const clockExists = async (clockId: string) => {
      let found = clocks.get(clockId);
      if (!found) {
        found = findClock(this.ctx.database.sql, workspaceId, clockId);
        clocks.set(clockId, found);
      }
      return (await found) !== null;
    };
    const split: ClockSplit = { real: [], byClock: new Map() };
    for (const [index, message] of messages.entries()) {
      const asked = message.context.testClock;
      let clockId = known.get(message.userId) ?? null;
      if (asked !== undefined) {
        const field = messages.length === 1 ? 'context.testClock' : `batch[${index}].context.testClock`;
        if (typeof asked !== 'string' || (known.has(message.userId) && clockId !== asked)) {
          throw new TestClockRefused(
            'test-clock-conflict',
            field,
            typeof asked !== 'string'
              ? 'context.testClock must be the id of a test clock (a string).'
              : `Customer "${message.userId}" already lives ${clockId ? `on test clock ${clockId}` : 'in real time'}; a customer cannot move to another clock. Use a new userId.`,
          );
        }
        if (!(await clockExists(asked))) {
          throw new TestClockRefused(
            'test-clock-not-found',
            field,
            `There is no test clock "${asked}" in this workspace; create one with POST /api/test-clocks.`,
          );
        }
        clockId = asked;
      }
      if (clockId === null) split.real.push(message);
      else split.byClock.set(clockId, [...(split.byClock.get(clockId) ?? []), message]);
    }
    return split;
  }

  /**
   * Stores messages of one clock's customers at the clock's time (creating customers not there
   * yet on the clock) and applies them, with everything they set off that is due by then.
   */
  async ingest(
    workspaceId: string,
    id: string,
    messages: IngestMessage[],
    field = 'context.testClock',
  ): Promise<{ accepted: number; duplicates: number }> {
    return this.#exclusive(id, async () => {
      const clock = await this.#require(workspaceId, id, field);
      const at = clock.now;
      const { accepted } = await this.ctx.database.transaction(async (tx) => {
        const { rows } = await tx.sql.executeSql(
          `insert into customers (workspace_id, customer_id, test_clock_id, first_seen_at, last_seen_at, updated_at)
           select $1, u, $2, $3, $3, $3 from unnest($4::text[]) u
           on conflict (workspace_id, customer_id) do nothing
           returning customer_id`,
          [workspaceId, id, new Date(at).toISOString(), [...new Set(messages.map((m) => m.userId))]],
        );
        const created = new Set(rows.map((r) => String(r.customer_id)));
        const elsewhere = await tx.sql.executeSql(
          `select customer_id from customers
           where workspace_id = $1 and customer_id = any($2::text[]) and test_clock_id is distinct from $3`,
          [workspaceId, messages.map((m) => m.userId).filter((u) => !created.has(u)), id],
        );
        const other = elsewhere.rows[0];
        if (other) {
          throw new TestClockRefused(
            'test-clock-conflict',
            field,
            `Customer "${String(other.customer_id)}" already lives in real time or on another clock; use a new userId.`,
          );
        }
        const inserted = await insertEvents(
          tx.sql,
          messages.map((m) => ({ workspaceId, message: { ...m, timestamp: at, receivedAt: at } })),
          null,
          new Set(),
          id,
        );
        return { accepted: inserted.length };
      });
      await this.#settle(clockContext(this.ctx, id, () => at));
      return { accepted, duplicates: messages.length - accepted };
    });
  }

  /** Enters a clock's customer through a journey's API trigger, at the clock's time. */
  async enter(
    workspaceId: string,
    id: string,
    journeyId: string,
    customerId: string,
    properties: Record<string, unknown>,
  ): Promise<{ runId: string } | { refused: string }> {
    return this.#exclusive(id, async () => {
      const clock = await this.#require(workspaceId, id, 'customerId');
      const ctx = clockContext(this.ctx, id, () => clock.now);
      const result = await enterJourney(ctx, workspaceId, journeyId, customerId, properties);
      await this.#settle(ctx);
      return result;
    });
  }

  /**
   * Moves the clock to `to`, firing every due timer of its customers in order through the real
   * runtime: the clock steps to each next due job, runs everything due then (and what that sets
   * off) until nothing is left, and goes on; resolves once all of it has settled at `to`.
   */
  async advance(workspaceId: string, id: string, to: number): Promise<TestClock & { ran: number }> {
    return this.#exclusive(id, async () => {
      const clock = await this.#require(workspaceId, id, 'id');
      if (to < clock.now) {
        throw new TestClockRefused(
          'test-clock-backwards',
          'to',
          `The clock is at ${new Date(clock.now).toISOString()}; "to" must be that time or later (clocks only move forward).`,
        );
      }
      if (to - clock.now > MAX_ADVANCE_MS) {
        throw new TestClockRefused(
          'test-clock-backwards',
          'to',
          'One advance may move a clock ten years at most; advance in several steps.',
        );
      }
      let now = clock.now;
      const ctx = clockContext(this.ctx, id, () => now);
      const sql = this.ctx.database.sql;
      let ran = await this.#settle(ctx);
      for (;;) {
        const next = await nextDue(sql, id, to);
        if (next === null) break;
        const moved = next > now;
        now = Math.max(now, next);
        await saveNow(sql, workspaceId, id, now);
        const settled = await this.#settle(ctx);
        ran += settled;
        // Due now, yet nothing would run: the job is waiting on something else; time goes on.
        if (!moved && settled === 0) break;
        if (ran > MAX_ADVANCE_WORK) {
          throw new TestClockRefused(
            'test-clock-too-busy',
            'to',
            `This advance ran ${MAX_ADVANCE_WORK.toLocaleString('en')} steps and stopped at ${new Date(now).toISOString()} (a journey may loop on short waits); advance again in smaller steps.`,
          );
        }
      }
      now = to;
      await saveNow(sql, workspaceId, id, now);
      ran += await this.#settle(ctx);
      return { ...clock, now, ran };
    });
  }

  /** Deletes the clock and its customers with everything stored about them. */
  async remove(workspaceId: string, id: string): Promise<boolean> {
    return this.#exclusive(id, () =>
      this.ctx.database.transaction(async (tx) => {
        const { rows } = await tx.sql.executeSql(
          'delete from test_clocks where workspace_id = $1 and id = $2 returning id',
          [workspaceId, id],
        );
        if (rows.length === 0) return false;
        // Every table keyed by customer (see packages/db/test/customer-keys.test.ts), customers last.
        const { rows: tables } = await tx.sql.executeSql(
          `select table_name from information_schema.columns
           where table_schema = current_schema() and column_name = 'customer_id' and table_name <> 'customers'
           order by table_name`,
        );
        for (const { table_name } of tables) {
          await tx.sql.executeSql(
            `delete from "${String(table_name)}" t using customers c
             where c.workspace_id = $1 and c.test_clock_id = $2
               and t.workspace_id = c.workspace_id and t.customer_id = c.customer_id`,
            [workspaceId, id],
          );
        }
        await tx.sql.executeSql('delete from jobs where clock_id = $1', [id]);
        await tx.sql.executeSql('delete from customers where workspace_id = $1 and test_clock_id = $2', [
          workspaceId,
          id,
        ]);
        return true;
      }),
    );
  }

  /** Runs everything due on the clock's context until nothing is left; returns how many items ran. */
  async #settle(ctx: RuntimeContext): Promise<number> {
    const workers = new Workers(ctx);
    let total = 0;
    for (let round = 0; round < 10_000; round++) {
      const done = await workers.once();
      total += done;
      if (done === 0) return total;
      if (total > MAX_ADVANCE_WORK) return total;
    }
    return total;
  }

  async #require(workspaceId: string, id: string, field: string): Promise<TestClock> {
    const clock = await findClock(this.ctx.database.sql, workspaceId, id);
    if (!clock) {
      throw new TestClockRefused(
        'test-clock-not-found',
        field,
        `There is no test clock "${id}" in this workspace; create one with POST /api/test-clocks.`,
      );
    }
    return clock;
  }

  /** Runs `fn` after the clock's earlier work in this process, under the clock's lock across processes. */
  #exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const current = previous
      .catch(() => undefined)
      .then(() => this.ctx.database.exclusive(clockLockKey(id), fn));
    this.#queues.set(id, current);
    current
      .finally(() => {
        if (this.#queues.get(id) === current) this.#queues.delete(id);
      })
      .catch(() => undefined);
    return current;
  }
}

/** A runtime context on a test clock: its time is the clock's, and it takes only the clock's work. */
export function clockContext(ctx: RuntimeContext, clockId: string, now: () => number): RuntimeContext {
  // The clock's work runs to the end inside each call, so there is no worker to wake.
  return { ...ctx, now, clockId, wake: () => undefined };
}

const CLOCK_SELECT = `select k.id, k.name, k.now,
    (select count(*)::int from customers c where c.workspace_id = k.workspace_id and c.test_clock_id = k.id) as customers
  from test_clocks k`;

const clockFromRow = (r: Record<string, unknown>): TestClock => ({
  id: String(r.id),
  name: String(r.name),
  now: new Date(r.now instanceof Date ? r.now : String(r.now)).getTime(),
  customers: Number(r.customers),
});

async function findClock(sql: SqlExecutor, workspaceId: string, id: string): Promise<TestClock | null> {
  const { rows } = await sql.executeSql(`${CLOCK_SELECT} where k.workspace_id = $1 and k.id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] ? clockFromRow(rows[0]) : null;
}

/** The clock `customerId` lives on and its time, or null for a real customer. */
export async function clockOfCustomerAt(
  sql: SqlExecutor,
  workspaceId: string,
  customerId: string,
): Promise<{ clockId: string; now: number } | null> {
  const { rows } = await sql.executeSql(
    `select k.id, k.now from customers c join test_clocks k on k.workspace_id = c.workspace_id and k.id = c.test_clock_id
     where c.workspace_id = $1 and c.customer_id = $2`,
    [workspaceId, customerId],
  );
  const row = rows[0];
  return row
    ? {
        clockId: String(row.id),
        now: new Date(row.now instanceof Date ? row.now : String(row.now)).getTime(),
      }
    : null;
}

/** The clock's customer, if `customerId` lives on one. */
export async function clockOfCustomer(
  sql: SqlExecutor,
  workspaceId: string,
  customerId: string,
): Promise<string | null> {
  const { rows } = await sql.executeSql(
    'select test_clock_id from customers where workspace_id = $1 and customer_id = $2 and test_clock_id is not null',
    [workspaceId, customerId],
  );
  return (rows[0]?.test_clock_id as string | undefined) ?? null;
}

/** The earliest live job of the clock due by `to`, or null. */
async function nextDue(sql: SqlExecutor, clockId: string, to: number): Promise<number | null> {
  const { rows } = await sql.executeSql(
    `select min(due_at) as due from jobs
     where clock_id = $1 and dead_at is null and due_at <= $2::timestamptz`,
    [clockId, new Date(to).toISOString()],
  );
  const due = rows[0]?.due;
  return due === null || due === undefined
    ? null
    : new Date(due instanceof Date ? due : String(due)).getTime();
}

async function saveNow(sql: SqlExecutor, workspaceId: string, id: string, now: number): Promise<void> {
  await sql.executeSql('update test_clocks set now = $3 where workspace_id = $1 and id = $2', [
    workspaceId,
    id,
    new Date(now).toISOString(),
  ]);
}

/** An advisory-lock key per clock, apart from the server's own fixed keys. */
function clockLockKey(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return 8_000_000_000 + hash;
}
