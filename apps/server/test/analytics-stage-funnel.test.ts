import { createTestDatabase, testDatabaseKinds } from '@stagecraft/db/testing';
import { DEFAULT_STAGES } from '@stagecraft/graph';
import { seededRandom } from '@stagecraft/stats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageFunnel } from '../src/analytics/stages';

const WS = 'ws_funnel';
const HOUR = 3_600_000;
const STAGES = DEFAULT_STAGES.map((s) => s.id);
const NEXT = new Map(STAGES.map((id, i) => [id, STAGES[i + 1] ?? null]));

interface Stay {
  stage: string;
  at: number;
  leftAt: number | null;
  movedTo: string | null;
}

/** Random stage histories over ten days around 2030-01-10, moves at any minute. */
function histories(customers: number): { customerId: string; stays: Stay[] }[] {
  const rng = seededRandom(7);
  const random = () => rng.next();
  const start = Date.UTC(2030, 0, 5);
  return Array.from({ length: customers }, (_, i) => {
    const times: number[] = [];
    let t = start + Math.floor(random() * 4 * 24) * HOUR + Math.floor(random() * 60) * 60_000;
    const moves = 1 + Math.floor(random() * 5);
    for (let m = 0; m < moves; m++) {
      times.push(t);
      t += Math.floor(random() * 60 * 60) * 60_000;
    }
    const stages = times.map(() => STAGES[Math.floor(random() * STAGES.length)] ?? 'acquisition');
    const stays = times.map((at, m) => ({
      stage: stages[m] ?? 'acquisition',
      at,
      leftAt: times[m + 1] ?? null,
      movedTo: stages[m + 1] ?? null,
    }));
    return { customerId: `c${i}`, stays };
  });
}

const exactMedianHours = (durations: number[]) => {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(mid)] ?? 0) + (sorted[Math.ceil(mid)] ?? 0)) / 2 / HOUR;
};

describe.each(testDatabaseKinds())('the stage funnel from daily counters on %s', (kind) => {
  const all = histories(300);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Inserted in time order, as the runtime records changes; the trigger ends each stay.
    const rows = all
      .flatMap((c) =>
        c.stays.map((s, i) => ({
          c: c.customerId,
          from: c.stays[i - 1]?.stage ?? null,
          to: s.stage,
          at: s.at,
        })),
      )
      .sort((a, b) => a.at - b.at);
    await database.sql.executeSql(
      `insert into stage_history (workspace_id, customer_id, from_stage, to_stage, at)
       select $1, r.c, r.f, r.t, to_timestamp(r.a / 1000.0)
       from unnest($2::text[], $3::text[], $4::text[], $5::float8[]) with ordinality as r(c, f, t, a, n) order by n`,
      [WS, rows.map((r) => r.c), rows.map((r) => r.from), rows.map((r) => r.to), rows.map((r) => r.at)],
    );
    await database.sql.executeSql('select stage_counters_rebuild($1)', [WS]);
  });
  afterAll(() => database.close());

  it.each([
    ['UTC', '2030-01-07', '2030-01-09'],
    ['America/New_York', '2030-01-06', '2030-01-08'],
    ['Asia/Kolkata', '2030-01-07', '2030-01-07'],
    ['Pacific/Chatham', '2030-01-05', '2030-01-12'],
  ])('in %s from %s to %s, matches the stays counted one by one', async (timeZone, from, to) => {
    const [edges] = (
      await database.sql.executeSql(
        `select extract(epoch from ($1::date::timestamp at time zone $3)) * 1000 as s,
           extract(epoch from (($2::date + 1)::timestamp at time zone $3)) * 1000 as e`,
        [from, to, timeZone],
      )
    ).rows;
    const s = Number(edges?.s);
    const e = Number(edges?.e);
    const funnel = await stageFunnel(database.sql, {
      workspaceId: WS,
      timeZone,
      stages: DEFAULT_STAGES,
      from,
      to,
      churnDays: 30,
      now: Date.UTC(2030, 0, 20),
    });
    const stays = all.flatMap((c) => c.stays);
    for (const row of funnel) {
      const entries = stays.filter((x) => x.stage === row.id && x.at >= s && x.at < e);
      const exits = stays.filter(
        (x) => x.stage === row.id && x.leftAt !== null && x.leftAt >= s && x.leftAt < e,
      );
      const movedTo: Record<string, number> = {};
      for (const x of exits) movedTo[x.movedTo ?? ''] = (movedTo[x.movedTo ?? ''] ?? 0) + 1;
      const next = NEXT.get(row.id) ?? null;
      expect(row.entered, row.id).toBe(entries.length);
      expect(row.movedTo, row.id).toEqual(movedTo);
      expect(row.conversionToNext, row.id).toBe(
        next && entries.length > 0 ? entries.filter((x) => x.movedTo === next).length / entries.length : null,
      );
      const exact = exactMedianHours(exits.map((x) => (x.leftAt ?? 0) - x.at));
      if (exact === null) expect(row.medianHoursInStage).toBeNull();
      else expect(Math.abs((row.medianHoursInStage ?? 0) - exact)).toBeLessThan((exact + 1 / 60) * 0.022);
    }
    expect(funnel.reduce((n, r) => n + r.entered, 0)).toBeGreaterThan(50);
  });
});
