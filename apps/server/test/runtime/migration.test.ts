import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHarness,
  createSink,
  DAY,
  type Harness,
  journey,
  type Sink,
  WORKSPACE,
  webhook,
} from './harness';

describe.each(testDatabaseKinds())('moving waiting customers to a newer version on %s', (kind) => {
  let h: Harness;
  let sink: Sink;
  beforeAll(async () => {
    h = await createHarness(kind);
    sink = await createSink();
  });
  afterAll(async () => {
    await h.close();
    await sink.close();
  });

  const version = (wait: number, path: string) =>
    journey(
      'Nurture',
      [
        ['t', 'event-trigger', { event: 'nurture.go', where: [] }],
        ['hello', 'send-message', webhook(`${sink.url}/hello`, 'hi')],
        [`wait${wait}`, 'wait', { mode: 'duration', duration: { amount: wait, unit: 'days' } }],
        ['after', 'send-message', webhook(`${sink.url}${path}`, 'later')],
      ],
      [
        ['t', 'hello'],
        ['hello', `wait${wait}`],
        [`wait${wait}`, 'after'],
      ],
    );

  it('previews who moves where, refuses a bad map, and moves only on request', async () => {
    await h.publish('nurture', version(3, '/v1'));
    for (const id of ['ola', 'pia']) await h.track(id, 'nurture.go');
    await h.runtime.drain();
    await h.publish('nurture', version(1, '/v2'), 2);
    await h.track('quin', 'nurture.go');
    await h.runtime.drain();

    const plan = { fromVersion: 1, toVersion: 2, nodeMap: { wait3: 'wait1' } };
    expect(await h.runtime.previewMigration(WORKSPACE, 'nurture', plan)).toEqual({
      journeyId: 'nurture',
      fromVersion: 1,
      toVersion: 2,
      moves: [{ fromNodeId: 'wait3', toNodeId: 'wait1', runs: 2 }],
      staying: [],
      problems: [],
    });
    const bad = await h.runtime.previewMigration(WORKSPACE, 'nurture', {
      ...plan,
      nodeMap: { wait3: 'after' },
    });
    expect(bad.problems).toEqual([
      { nodeId: 'wait3', message: expect.stringContaining('not a node where customers wait') },
    ]);
    await expect(
      h.runtime.applyMigration(WORKSPACE, 'nurture', { ...plan, nodeMap: { wait3: 'nowhere' } }),
    ).rejects.toMatchObject({ code: 'invalid_migration' });
    await expect(
      h.runtime.previewMigration(WORKSPACE, 'nurture', { ...plan, toVersion: 1 }),
    ).rejects.toMatchObject({
      code: 'invalid_migration',
    });

    // Publishing alone moved no one: v1 runs still wait 3 days.
    expect((await h.runtime.stats(WORKSPACE, 'nurture', 1)).nodes.wait3?.waiting).toBe(2);

    h.clock.advance(DAY / 2);
    const applied = await h.runtime.applyMigration(WORKSPACE, 'nurture', plan);
    expect(applied.moved).toBe(2);
    expect((await h.runtime.stats(WORKSPACE, 'nurture', 1)).nodes.wait3).toMatchObject({
      waiting: 0,
      completed: 2,
    });
    expect((await h.runtime.stats(WORKSPACE, 'nurture', 2)).nodes.wait1?.waiting).toBe(3);

    // The moved runs wait a day from the move; their old 3-day timers do nothing.
    h.clock.advance(DAY);
    await h.runtime.drain();
    expect(sink.hits('/v2')).toHaveLength(3);
    h.clock.advance(3 * DAY);
    await h.runtime.drain();
    expect(sink.hits('/v1')).toHaveLength(0);
    expect(sink.hits('/v2')).toHaveLength(3);
    expect(sink.hits('/hello')).toHaveLength(3);
    const ola = await h.runtime.customer(WORKSPACE, 'ola');
    expect(ola?.runs).toEqual([expect.objectContaining({ version: 2, status: 'completed' })]);
  });
});
