/**
 * Customer search benchmark on DATABASE_URL (default: the local PostgreSQL), one JSON line:
 * - customer-search-50k: median time of one search (`searchCustomers`, the trigram index) over
 *   search terms a marketer types (part of an email, of an id, a city) on 50,000 customers;
 *   baseline: the condition it replaced (`customer_id ilike … or traits::text ilike …`, which
 *   reads every customer of the workspace) on the same data, timed alternately in the same run.
 */
import { createDatabase, type SqlExecutor } from '@stagecraft/db';
import { createScratchPostgres, seedCustomers } from '@stagecraft/db/testing';
import { searchCustomers } from '../../apps/server/src/runtime/customers-query';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 50_000);
const ROUNDS = 7;
const WORKSPACE = 'bench';
const LIMIT = 50;

/** The search before the trigram index, kept here as the baseline. */
const PREVIOUS_SEARCH = `select c.customer_id, c.traits, c.stage, c.time_zone, c.last_seen_at,
    (select count(*)::int from journey_runs r
     where r.workspace_id = c.workspace_id and r.customer_id = c.customer_id and r.status = 'active') as active_runs
  from customers c
  where c.workspace_id = $1 and ($2 = '%%' or c.customer_id ilike $2 or c.traits::text ilike $2)
  order by c.last_seen_at desc limit $3`;

/** Terms spread over the data: emails and ids of single customers, id prefixes, a city, a name. */
function terms(): string[] {
  const some = (n: number, scale: number) => Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % scale));
  return [
    ...some(8, CUSTOMERS).map((n) => `person${n}@`),
    ...some(4, CUSTOMERS).map((n) => `user-${n}`),
    ...some(3, 97).map((n) => `City ${n}`),
    'Edsger',
  ];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const scratch = await createScratchPostgres();
  const database = await createDatabase({ url: scratch.url, max: 2 });
  try {
    await seedCustomers(database, WORKSPACE, CUSTOMERS);
    await seedCustomers(database, 'other-workspace', CUSTOMERS / 10);
    await database.sql.executeSql('analyze customers');
    const sql: SqlExecutor = database.sql;
    const pattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const indexed: number[] = [];
    const scanned: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      for (const term of terms()) {
        const a = await time(() => searchCustomers(sql, WORKSPACE, term, LIMIT));
        const b = await time(() => sql.executeSql(PREVIOUS_SEARCH, [WORKSPACE, pattern(term), LIMIT]));
        // Round 0 warms caches and prepared statements.
        if (round > 0) indexed.push(a);
        if (round > 0) scanned.push(b);
      }
    }
    const value = median(indexed);
    const baseline = median(scanned);
    const round = (n: number) => Math.round(n * 100) / 100;
    console.log(
      JSON.stringify({
        bench: `customer-search-${Math.round(CUSTOMERS / 1000)}k`,
        value: round(value),
        unit: 'ms',
        baseline: round(baseline),
        ratio: round(value / baseline),
      }),
    );
  } finally {
    await database.close();
    await scratch.drop();
  }
}

await main();
