import { testDatabaseKinds } from '@stagecraft/db/testing';
import { describe, expect, it } from 'vitest';
import { DAY, journey, suiteHarness, WORKSPACE, webhook } from './harness';

describe.each(testDatabaseKinds())('moving waiting customers to a newer version on %s', (kind) => {
  const s = suiteHarness(kind);

  const version = (wait: number, path: string) =>
    journey(
      'Nurture',
      [
        ['t', 'event-trigger', { event: 'nurture.go', where: [] }],
        ['hello', 'send-message', webhook(`${s.sink.url}/hello`, 'hi')],
        [`wait${wait}`, 'wait', { mode: 'duration', duration: { amount: wait, unit: 'days' } }],
        ['after', 'send-message', webhook(`${s.sink.url}${path}`, 'later')],
      ],
      [
        ['t', 'hello'],
        ['hello', `wait${wait}`],
        [`wait${wait}`, 'after'],
      ],
    );

  it('previews who moves where, refuses a bad map, and moves only on request', async () => {
    await s.h.publish('nurture', version(3, '/v1'));
    for (const id of ['ola', 'pia']) await s.h.track(id, 'nurture.go');
    await s.h.runtime.drain();
    await s.h.publish('nurture', version(1, '/v2'), 2);
    await s.h.track('quin', 'nurture.go');
    await s.h.runtime.drain();

    const plan = { fromVersion: 1, toVersion: 2, nodeMap: { wait3: 'wait1' } };
    expect(await s.h.runtime.previewMigration(WORKSPACE, 'nurture', plan)).toEqual({
      journeyId: 'nurture',
      fromVersion: 1,
      toVersion: 2,
      moves: [{ fromNodeId: 'wait3', toNodeId: 'wait1', runs: 2 }],
      staying: [],
      problems: [],
    });
    const bad = await s.h.runtime.previewMigration(WORKSPACE, 'nurture', {
      ...plan,
      nodeMap: { wait3: 'after' },
    });
    expect(bad.problems).toEqual([
      { nodeId: 'wait3', message: expect.stringContaining('not a node where customers wait') },
    ]);
    await expect(
      s.h.runtime.applyMigration(WORKSPACE, 'nurture', { ...plan, nodeMap: { wait3: 'nowhere' } }),
    ).rejects.toMatchObject({ code: 'invalid_migration' });
    await expect(
      s.h.runtime.previewMigration(WORKSPACE, 'nurture', { ...plan, toVersion: 1 }),
    ).rejects.toMatchObject({
      code: 'invalid_migration',
    });

    // Publishing alone moved no one: v1 runs still wait 3 days.
    expect((await s.h.runtime.stats(WORKSPACE, 'nurture', 1)).nodes.wait3?.waiting).toBe(2);

    s.h.clock.advance(DAY / 2);
    const applied = await s.h.runtime.applyMigration(WORKSPACE, 'nurture', plan);
    expect(applied.moved).toBe(2);
    expect((await s.h.runtime.stats(WORKSPACE, 'nurture', 1)).nodes.wait3).toMatchObject({
      waiting: 0,
      completed: 2,
    });
    expect((await s.h.runtime.stats(WORKSPACE, 'nurture', 2)).nodes.wait1?.waiting).toBe(3);

    // The moved runs wait a day from the move; their old 3-day timers do nothing.
    s.h.clock.advance(DAY);
    await s.h.runtime.drain();
    expect(s.sink.hits('/v2')).toHaveLength(3);
    s.h.clock.advance(3 * DAY);
    await s.h.runtime.drain();
    expect(s.sink.hits('/v1')).toHaveLength(0);
    expect(s.sink.hits('/v2')).toHaveLength(3);
    expect(s.sink.hits('/hello')).toHaveLength(3);
    const ola = await s.h.runtime.customer(WORKSPACE, 'ola');
    expect(ola?.runs).toEqual([expect.objectContaining({ version: 2, status: 'completed' })]);
  });

  it('gives the effects after a move keys of their own: each delivered once, none skipped', async () => {
    const looping = (days: number, loop: boolean) =>
      journey(
        'Loop',
        [
          ['t', 'event-trigger', { event: 'loop.go', where: [] }],
          ['hello', 'send-message', webhook(`${s.sink.url}/loop-hello`, 'hi')],
          ['rest', 'wait', { mode: 'duration', duration: { amount: days, unit: 'days' } }],
          ['bye', 'send-message', webhook(`${s.sink.url}/loop-bye`, 'bye')],
        ],
        [['t', 'hello'], ['hello', 'rest'], loop ? ['rest', 'hello'] : ['rest', 'bye']],
      );
    await s.h.publish('loop', looping(3, false));
    await s.h.track('rhea', 'loop.go');
    await s.h.runtime.drain();
    // Version 2 goes back to "hello" after each rest: the moved run sends it again, a second visit.
    await s.h.publish('loop', looping(1, true), 2);
    const applied = await s.h.runtime.applyMigration(WORKSPACE, 'loop', {
      fromVersion: 1,
      toVersion: 2,
      nodeMap: { rest: 'rest' },
    });
    expect(applied.moved).toBe(1);
    s.h.clock.advance(DAY + 1000);
    await s.h.runtime.drain();

    const { rows } = await s.h.database.sql.executeSql(
      `select id, version, status from messages where workspace_id = $1 and journey_id = 'loop' order by created_at, id`,
      [WORKSPACE],
    );
    const runId = String(rows[0]?.id).split(':')[0];
    expect(rows.map((row) => [row.id, Number(row.version), row.status])).toEqual([
      [`${runId}:hello:1:a0`, 1, 'sent'],
      [`${runId}:hello:2:a0`, 2, 'sent'],
    ]);
    const delivered = s.sink.hits('/loop-hello').map((hit) => hit.headers['idempotency-key']);
    expect(delivered).toEqual(rows.map((row) => row.id));
    expect(s.sink.hits('/loop-bye')).toHaveLength(0);
  });
});
