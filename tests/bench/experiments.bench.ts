/**
 * Experiment results benchmark on DATABASE_URL (default: the local PostgreSQL), one JSON line:
 * - experiment-results-1m: median time to compute one split's full results (the per-arm
 *   aggregate over its assignments, then every statistic and the verdict) for a journey with
 *   1,000,000 runs over 3 arms (45/45/10, holdout included), as GET /api/journeys/:id/experiments
 *   does; baseline: a bare `count(*)` over the same journey's runs, timed alternately in the
 *   same run.
 */
import { createDatabase } from '@stagecraft/db';
import { createScratchPostgres } from '@stagecraft/db/testing';
import { JourneyDocumentSchema } from '@stagecraft/graph';
import { experimentsOf } from '../../apps/server/src/experiments/definitions';
import { liveResults } from '../../apps/server/src/experiments/results';
import { createRepositories } from '../../apps/server/src/repositories/index';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const ROUNDS = 9;
const JOURNEY = 'jrn_bench';

const document = JourneyDocumentSchema.parse({
  name: 'Subject line test',
  nodes: [
    {
      id: 'split',
      type: 'random-split',
      typeVersion: 2,
      position: { x: 0, y: 0 },
      label: 'Subject line',
      config: {
        arms: [
          { id: 'a', label: 'Subject A', weight: 50 },
          { id: 'b', label: 'Subject B', weight: 50 },
        ],
        holdout: { enabled: true, percent: 10 },
        goal: { source: 'event', event: 'order.completed', where: [] },
      },
    },
  ],
  edges: [],
});

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
    const sql = database.sql;
    // Runs as the runtime leaves them once ended, and one assignment per run: arm by the run's
    // number (45/45/10), about a fifth converted, a little more on arm b.
    await sql.executeSql(
      `insert into journey_runs (workspace_id, customer_id, id, journey_id, version, status, entered_at, ended_at,
         updated_at)
       select 'bench', 'c' || i, 'run' || i, $1, 1, 'completed', now(), now(), now()
       from generate_series(1, $2::int) as i`,
      [JOURNEY, RUNS],
    );
    await sql.executeSql(
      `insert into experiment_entries (workspace_id, customer_id, journey_id, node_id, run_id, version, arm,
         entered_at, converted_at)
       select 'bench', 'c' || i, $1, 'split', 'run' || i, 1,
         case when i % 20 < 9 then 'a' when i % 20 < 18 then 'b' else 'holdout' end,
         now() - interval '1 day',
         case when (i::bigint * 7919) % 100 < (case when i % 20 between 9 and 17 then 22 else 20 end) then now() end
       from generate_series(1, $2::int) as i`,
      [JOURNEY, RUNS],
    );
    // What autovacuum does after a bulk load: statistics, and the visibility map index-only scans need.
    await sql.executeSql('vacuum analyze journey_runs');
    await sql.executeSql('vacuum analyze experiment_entries');
    const repositories = createRepositories(database);
    const definition = experimentsOf(document)[0]!;
    const results: number[] = [];
    const counts: number[] = [];
    let verdict = '';
    for (let round = 0; round <= ROUNDS; round++) {
      const a = await time(async () => {
        verdict = (await liveResults(repositories, 'bench', JOURNEY, definition)).verdict;
      });
      const b = await time(() =>
        sql.executeSql('select count(*) from journey_runs where journey_id = $1', [JOURNEY]),
      );
      // Round 0 warms caches and prepared statements.
      if (round > 0) results.push(a);
      if (round > 0) counts.push(b);
    }
    const value = median(results);
    const baseline = median(counts);
    const round = (n: number) => Math.round(n * 100) / 100;
    console.log(
      JSON.stringify({
        bench: `experiment-results-${Math.round(RUNS / 1000) >= 1000 ? `${RUNS / 1_000_000}m` : `${Math.round(RUNS / 1000)}k`}`,
        value: round(value),
        unit: 'ms',
        baseline: round(baseline),
        ratio: round(value / baseline),
      }),
    );
    if (process.env.BENCH_VERBOSE) console.error(verdict);
  } finally {
    await database.close();
    await scratch.drop();
  }
}

await main();
