import { testDatabaseKinds } from '@stagecraft/db/testing';
import { describe, expect, it } from 'vitest';
import { DAY, journey, suiteHarness, WORKSPACE } from './harness';

const counters = async (s: ReturnType<typeof suiteHarness>) =>
  (
    await s.h.database.sql.executeSql(
      `select day::text, stage, moved_to, stay_bin, entered::int, exits::int, exits_of_entries::int
       from stage_counters where workspace_id = $1 order by day, stage, moved_to, stay_bin`,
      [WORKSPACE],
    )
  ).rows;

describe.each(testDatabaseKinds())('stage counters on %s', (kind) => {
  const s = suiteHarness(kind);

  it('are kept by the runtime as the rebuild from the history counts them', async () => {
    await s.h.publish(
      'lifecycle',
      journey(
        'Lifecycle',
        [
          ['t', 'event-trigger', { event: 'Signed Up', where: [] }],
          // Two changes in one step: a stay of no time in acquisition.
          ['a', 'set-stage', { stage: 'acquisition' }],
          ['o', 'set-stage', { stage: 'onboarding' }],
          ['w', 'wait', { mode: 'duration', duration: { amount: 30, unit: 'hours' } }],
          ['e', 'set-stage', { stage: 'engagement' }],
        ],
        [
          ['t', 'a'],
          ['a', 'o'],
          ['o', 'w'],
          ['w', 'e'],
        ],
      ),
    );
    for (const userId of ['ana', 'ben', 'cai']) await s.h.track(userId, 'Signed Up');
    await s.h.runtime.drain();
    s.h.clock.advance(DAY / 2);
    await s.h.track('dee', 'Signed Up');
    await s.h.runtime.drain();
    s.h.clock.advance(DAY);
    await s.h.runtime.drain();
    s.h.clock.advance(DAY);
    await s.h.runtime.drain();

    const kept = await counters(s);
    const sum = (pick: (r: Record<string, unknown>) => boolean, column: string) =>
      kept.filter(pick).reduce((n, r) => n + Number(r[column]), 0);
    expect(sum((r) => r.stage === 'onboarding' && r.moved_to === '', 'entered')).toBe(4);
    expect(sum((r) => r.stage === 'onboarding' && r.moved_to === 'engagement', 'exits')).toBe(4);
    expect(sum((r) => r.stage === 'onboarding' && r.moved_to === 'engagement', 'exits_of_entries')).toBe(4);
    // Each exit is in one duration bin; the stays in acquisition lasted no time (bin 0).
    expect(sum((r) => r.stage === 'onboarding' && Number(r.stay_bin) >= 0, 'exits')).toBe(4);
    expect(kept.filter((r) => r.stage === 'acquisition' && Number(r.stay_bin) >= 0)).toEqual([
      expect.objectContaining({ stay_bin: 0, exits: 4 }),
    ]);

    await s.h.database.sql.executeSql('select stage_counters_rebuild($1)', [WORKSPACE]);
    expect(await counters(s)).toEqual(kept);
  });
});
