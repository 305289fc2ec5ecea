import { testDatabaseKinds } from '@stagecraft/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvents } from '../../src/runtime/ingest';
import { createHarness, type Harness, journey, WORKSPACE } from './harness';

describe.each(testDatabaseKinds())('events applied on arrival on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, { applyOnArrival: true });
    await h.publish(
      'order',
      journey(
        'Order',
        [
          ['placed', 'event-trigger', { event: 'order.placed', where: [] }],
          [
            'paid',
            'wait-for-event',
            { event: 'order.paid', where: [], timeout: { amount: 1, unit: 'days' } },
          ],
          ['thanks', 'exit', {}],
          ['unpaid', 'exit', {}],
        ],
        [
          ['placed', 'paid'],
          ['paid', 'thanks', 'matched'],
          ['paid', 'unpaid', 'timeout'],
        ],
      ),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  const runs = async (id: string) => (await h.runtime.customer(WORKSPACE, id))?.runs ?? [];
  /** The customer's timeline steps as "node step", newest first. */
  const timelineSteps = async (id: string) =>
    ((await h.runtime.customer(WORKSPACE, id))?.timeline ?? []).flatMap((t) =>
      t.kind === 'step' ? [`${t.nodeId} ${t.step}`] : [],
    );

  it('has the run under way when the ingest call returns, with no worker involved', async () => {
    expect(await h.track('ann', 'order.placed')).toEqual({ accepted: 1, duplicates: 0 });
    expect(await runs('ann')).toEqual([
      expect.objectContaining({ journeyId: 'order', status: 'active', currentNodeId: 'paid' }),
    ]);
    await h.track('ann', 'order.paid');
    expect(await runs('ann')).toEqual([
      expect.objectContaining({ status: 'completed', currentNodeId: 'thanks' }),
    ]);
    // Both transactions' steps are on the run's row (the first's and the last's); both happened
    // at the same instant of the test clock, and the timeline lists them newest first.
    const steps = await timelineSteps('ann');
    expect(steps.reverse()).toEqual([
      'placed entered',
      'placed left',
      'paid entered',
      'paid left',
      'thanks entered',
      'thanks completed',
    ]);
    const [event] = (
      await h.database.sql.executeSql(
        `select count(*)::int as pending from events where customer_id = 'ann' and processed_at is null`,
      )
    ).rows;
    expect(event?.pending).toBe(0);
  });

  it("keeps a run's first and last steps on its row and the steps between in run_steps", async () => {
    await h.publish(
      'trial',
      journey(
        'Trial',
        [
          ['started', 'event-trigger', { event: 'trial.started', where: [] }],
          [
            'used',
            'wait-for-event',
            { event: 'trial.used', where: [], timeout: { amount: 1, unit: 'days' } },
          ],
          [
            'paid',
            'wait-for-event',
            { event: 'trial.paid', where: [], timeout: { amount: 1, unit: 'days' } },
          ],
          ['done', 'exit', {}],
        ],
        [
          ['started', 'used'],
          ['used', 'paid', 'matched'],
          ['paid', 'done', 'matched'],
        ],
      ),
    );
    for (const event of ['trial.started', 'trial.used', 'trial.paid']) await h.track('cat', event);
    const [run = {}] = (
      await h.database.sql.executeSql(
        `select r.steps, r.final_steps, (select json_agg(s.steps) from run_steps s where s.run_id = r.id) as middle
         from journey_runs r where r.customer_id = 'cat'`,
      )
    ).rows;
    const names = (steps: unknown) =>
      (steps as { nodeId: string; kind: string }[]).map((s) => `${s.nodeId} ${s.kind}`);
    expect(names(run.steps)).toEqual(['started entered', 'started left', 'used entered']);
    expect((run.middle as unknown[]).map(names)).toEqual([['used left', 'paid entered']]);
    expect(names(run.final_steps)).toEqual(['paid left', 'done entered', 'done completed']);
    const steps = await timelineSteps('cat');
    expect(steps.reverse()).toEqual([
      ...names(run.steps),
      'used left',
      'paid entered',
      ...names(run.final_steps),
    ]);
  });

  it('leaves a customer with events still pending to the event worker, which applies them all in order', async () => {
    // Stored without being applied, as when applying failed and the events were kept for the workers.
    await insertEvents(
      h.database.sql,
      [{ workspaceId: WORKSPACE, message: h.message('track', 'bob', { event: 'order.placed' }) }],
      null,
    );
    expect(await h.track('bob', 'order.paid')).toEqual({ accepted: 1, duplicates: 0 });
    // Applying the payment now would put it before the order it pays for.
    expect(await runs('bob')).toEqual([]);
    await h.runtime.drain();
    expect(await runs('bob')).toEqual([
      expect.objectContaining({ status: 'completed', currentNodeId: 'thanks' }),
    ]);
  });

  it('stores each messageId once across requests arriving together, and answers each for its own messages', async () => {
    const first = h.message('track', 'cal', { event: 'order.placed' });
    const second = h.message('track', 'dot', { event: 'order.placed' });
    const results = await Promise.all([
      h.runtime.ingest(WORKSPACE, [first]),
      h.runtime.ingest(WORKSPACE, [first, second]),
      h.runtime.ingest(WORKSPACE, [second]),
    ]);
    // Which of two concurrent requests stores a shared messageId is up to timing; that one does.
    expect(results.map((r) => r.accepted + r.duplicates)).toEqual([1, 2, 1]);
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(2);
    expect(await runs('cal')).toHaveLength(1);
    expect(await runs('dot')).toHaveLength(1);
  });
});

describe.each(testDatabaseKinds())('a backlog of arriving events on %s', (kind) => {
  it('is only stored, for the workers, once more events wait than the backlog allows', async () => {
    const h = await createHarness(kind, { applyOnArrival: true, arrivalBacklog: 0 });
    try {
      await h.publish(
        'hello',
        journey(
          'Hello',
          [
            ['signup', 'event-trigger', { event: 'signed.up', where: [] }],
            ['done', 'exit', {}],
          ],
          [['signup', 'done']],
        ),
      );
      expect(await h.track('eli', 'signed.up')).toEqual({ accepted: 1, duplicates: 0 });
      expect((await h.runtime.customer(WORKSPACE, 'eli'))?.runs ?? []).toEqual([]);
      await h.runtime.drain();
      expect((await h.runtime.customer(WORKSPACE, 'eli'))?.runs).toEqual([
        expect.objectContaining({ journeyId: 'hello', status: 'completed' }),
      ]);
    } finally {
      await h.close();
    }
  });
});
