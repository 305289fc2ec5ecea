import { testDatabaseKinds } from '@stagecraft/db/testing';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/runtime/index';
import { DAY, journey, suiteHarness, WORKSPACE, webhook } from './harness';

// Events are applied either by the workers after they are stored, or as they arrive, in the
// transaction that stores them (what a server running its workers does); both must behave alike.
const modes = testDatabaseKinds().flatMap((kind) => [
  { kind, applyOnArrival: false, label: `${kind}, applied by the workers` },
  { kind, applyOnArrival: true, label: `${kind}, applied on arrival` },
]);

describe.each(modes)('journeys run for real customers on $label', ({ kind, applyOnArrival }) => {
  const s = suiteHarness(kind, { applyOnArrival });

  it('enters on an event, sends, waits a day, branches on what happened meanwhile, and completes', async () => {
    await s.h.publish(
      'welcome',
      journey(
        'Welcome',
        [
          ['signup', 'event-trigger', { event: 'user.signed_up', where: [] }],
          [
            'hello',
            'send-message',
            webhook(`${s.sink.url}/hello`, '{"name":"{{ profile.first_name | "there" }}"}'),
          ],
          ['pause', 'wait', { mode: 'duration', duration: { amount: 1, unit: 'days' } }],
          [
            'made',
            'condition',
            {
              rules: {
                all: [{ eventCount: { event: 'project.created' }, operator: 'greater_or_equal', value: 1 }],
              },
            },
          ],
          ['cheer', 'send-message', webhook(`${s.sink.url}/cheer`, 'well done')],
          ['nudge', 'send-message', webhook(`${s.sink.url}/nudge`, 'try it')],
          ['done', 'exit', {}],
        ],
        [
          ['signup', 'hello'],
          ['hello', 'pause'],
          ['pause', 'made'],
          ['made', 'cheer', 'yes'],
          ['made', 'nudge', 'no'],
          ['cheer', 'done'],
          ['nudge', 'done'],
        ],
      ),
    );
    await s.h.identify('ada', { first_name: 'Ada', email: 'ada@example.com' });
    await s.h.track('ada', 'user.signed_up');
    await s.h.identify('bob', { first_name: 'Bob' });
    await s.h.track('bob', 'user.signed_up');
    await s.h.runtime.drain();

    const hello = s.sink.hits('/hello');
    expect(hello.map((r) => JSON.parse(r.body).name).sort()).toEqual(['Ada', 'Bob']);
    const secret = await s.h.workspaceSecret();
    for (const r of hello) {
      const signed = { method: 'POST', url: `${s.sink.url}/hello`, body: r.body };
      expect(
        verifySignature(secret, signed, String(r.headers['x-stagecraft-signature']), s.h.clock.now()),
      ).toBe(true);
      expect(r.headers['idempotency-key']).toMatch(/:hello:1:/);
    }
    const waiting = await s.h.runtime.stats(WORKSPACE, 'welcome');
    expect(waiting.nodes.pause?.waiting).toBe(2);

    s.h.clock.advance(DAY / 2);
    await s.h.track('ada', 'project.created');
    await s.h.runtime.drain();
    expect(s.sink.hits('/cheer')).toHaveLength(0);

    s.h.clock.advance(DAY / 2 + 1);
    await s.h.runtime.drain();
    expect(s.sink.hits('/cheer')).toHaveLength(1);
    expect(s.sink.hits('/nudge')).toHaveLength(1);

    const stats = await s.h.runtime.stats(WORKSPACE, 'welcome');
    expect(stats.totals).toMatchObject({ runs: 2, active: 0, completed: 2 });
    expect(stats.nodes.signup?.entered).toBe(2);
    expect(stats.nodes.made).toMatchObject({ entered: 2, waiting: 0, completed: 2 });
    expect(stats.nodes.cheer?.entered).toBe(1);

    const ada = await s.h.runtime.customer(WORKSPACE, 'ada');
    expect(ada?.traits).toMatchObject({ first_name: 'Ada' });
    expect(ada?.runs).toEqual([
      expect.objectContaining({ journeyId: 'welcome', status: 'completed', currentNodeId: 'done' }),
    ]);
    const kinds = new Set(ada?.timeline.map((t) => t.kind));
    expect(kinds).toEqual(new Set(['event', 'step', 'message']));
    expect(ada?.timeline.filter((t) => t.kind === 'message').every((t) => t.status === 'sent')).toBe(true);
  });

  it('stores an ingested messageId once, and applies it once', async () => {
    await s.h.publish(
      'dedupe',
      journey(
        'Dedupe',
        [
          ['t', 'event-trigger', { event: 'dedupe.go', where: [] }],
          ['s', 'send-message', webhook(`${s.sink.url}/dedupe`, 'x')],
        ],
        [['t', 's']],
        { reentry: { policy: 'always', cooldownSeconds: 0 } },
      ),
    );
    const once = s.h.message('track', 'dee', { event: 'dedupe.go' });
    expect(await s.h.runtime.ingest(WORKSPACE, [once, once])).toEqual({ accepted: 1, duplicates: 1 });
    expect(await s.h.runtime.ingest(WORKSPACE, [once])).toEqual({ accepted: 0, duplicates: 1 });
    await s.h.runtime.drain();
    expect(s.sink.hits('/dedupe')).toHaveLength(1);
  });

  it('ends a waiting run at once on an exit event or the goal, and ignores its old timer', async () => {
    await s.h.publish(
      'trial',
      journey(
        'Trial',
        [
          ['t', 'event-trigger', { event: 'trial.started', where: [] }],
          ['w', 'wait', { mode: 'duration', duration: { amount: 30, unit: 'days' } }],
          ['s', 'send-message', webhook(`${s.sink.url}/trial-end`, 'ends')],
        ],
        [
          ['t', 'w'],
          ['w', 's'],
        ],
        {
          exitEvents: [{ event: 'account.deleted' }],
          goal: {
            event: { event: 'plan.upgraded' },
            attributionWindowSeconds: 40 * 86_400,
            exitOnGoal: true,
          },
        },
      ),
    );
    for (const id of ['cat', 'dan', 'eve']) await s.h.track(id, 'trial.started');
    await s.h.runtime.drain();
    s.h.clock.advance(DAY);
    await s.h.track('cat', 'account.deleted');
    await s.h.track('dan', 'plan.upgraded');
    await s.h.runtime.drain();

    const status = async (id: string) =>
      (await s.h.runtime.customer(WORKSPACE, id))?.runs.find((r) => r.journeyId === 'trial')?.status;
    expect(await status('cat')).toBe('exited');
    expect(await status('dan')).toBe('converted');
    expect(await status('eve')).toBe('active');
    // The stored reason names the event that ended the run, not only where it was.
    const reason = async (id: string) =>
      (await s.h.runtime.customer(WORKSPACE, id))?.runs.find((r) => r.journeyId === 'trial')?.exitReason;
    expect(await reason('cat')).toBe('exited: account.deleted');
    expect(await reason('dan')).toBe('converted: plan.upgraded');

    s.h.clock.advance(30 * DAY);
    await s.h.runtime.drain();
    expect(await status('eve')).toBe('completed');
    expect(await reason('eve')).toBe('completed at s');
    expect(s.sink.hits('/trial-end')).toHaveLength(1);
  });

  it('lets a customer in again only as the re-entry policy says', async () => {
    const doc = (policy: Record<string, unknown>, event: string) =>
      journey(
        'Again',
        [
          ['t', 'event-trigger', { event, where: [] }],
          ['s', 'send-message', webhook(`${s.sink.url}/${event}`, 'x')],
        ],
        [['t', 's']],
        {
          reentry: policy,
        },
      );
    await s.h.publish('once', doc({ policy: 'once' }, 'again.once'));
    await s.h.publish('cool', doc({ policy: 'always', cooldownSeconds: 3600 }, 'again.cool'));
    for (const event of ['again.once', 'again.cool']) await s.h.track('fay', event);
    await s.h.runtime.drain();
    s.h.clock.advance(60_000);
    for (const event of ['again.once', 'again.cool']) await s.h.track('fay', event);
    await s.h.runtime.drain();
    expect(s.sink.hits('/again.once')).toHaveLength(1);
    expect(s.sink.hits('/again.cool')).toHaveLength(1);
    s.h.clock.advance(3600_000);
    for (const event of ['again.once', 'again.cool']) await s.h.track('fay', event);
    await s.h.runtime.drain();
    expect(s.sink.hits('/again.once')).toHaveLength(1);
    expect(s.sink.hits('/again.cool')).toHaveLength(2);
  });

  it('enters through the API, refusing what the policy refuses', async () => {
    await s.h.publish(
      'manual',
      journey(
        'Manual',
        [
          ['api', 'api-trigger', {}],
          ['s', 'send-message', webhook(`${s.sink.url}/manual`, '{{ event.note | "none" }}')],
        ],
        [['api', 's']],
      ),
    );
    const first = await s.h.runtime.enter(WORKSPACE, 'manual', 'gus', { note: 'vip' });
    expect(first).toEqual({ runId: expect.any(String) });
    expect(await s.h.runtime.enter(WORKSPACE, 'manual', 'gus')).toEqual({ refused: expect.any(String) });
    await s.h.runtime.drain();
    expect(s.sink.hits('/manual').map((r) => r.body)).toEqual(['vip']);
    await expect(s.h.runtime.enter(WORKSPACE, 'nope', 'gus')).rejects.toMatchObject({
      code: 'journey_not_found',
    });
  });

  it('keeps a valid time zone, and falls back to the workspace zone for an invalid one, recording it', async () => {
    await s.h.identify('hal', {}, { timezone: 'America/New_York' });
    await s.h.identify('ian', { timezone: 'Mars/Olympus' });
    await s.h.runtime.drain();
    expect(await s.h.runtime.customer(WORKSPACE, 'hal')).toMatchObject({
      timeZone: 'America/New_York',
      invalidTimeZone: null,
    });
    expect(await s.h.runtime.customer(WORKSPACE, 'ian')).toMatchObject({
      timeZone: null,
      invalidTimeZone: 'Mars/Olympus',
      timeZoneUsed: { zone: 'Europe/Berlin', source: 'workspace-invalid' },
    });
    expect(await s.h.runtime.searchCustomers(WORKSPACE, 'olympus', 10)).toEqual([
      expect.objectContaining({ customerId: 'ian' }),
    ]);
  });

  it('skips an event the database keeps refusing, records why, and goes on with that customer and the others', async () => {
    // Fault injection: this database refuses any outbox row for customer "zed".
    await s.h.database.sql.executeSql(`create function refuse_zed() returns trigger language plpgsql as $$
      begin if new.customer_id = 'zed' then raise exception 'refused for zed'; end if; return new; end $$`);
    await s.h.database.sql.executeSql(
      'create trigger refuse_zed before insert on messages for each row execute function refuse_zed()',
    );
    await s.h.publish(
      'poison',
      journey(
        'Poison',
        [
          ['t', 'event-trigger', { event: 'poison.go', where: [] }],
          ['s', 'send-message', webhook(`${s.sink.url}/poison`, '{{ event.n }}')],
        ],
        [['t', 's']],
      ),
    );
    await s.h.track('amy', 'poison.go', { n: 'amy' });
    await s.h.track('zed', 'poison.go', { n: 'zed' });
    await s.h.identify('zed', { plan: 'after' });
    await s.h.track('bea', 'poison.go', { n: 'bea' });
    await s.h.runtime.drain();
    expect(
      s.sink
        .hits('/poison')
        .map((r) => r.body)
        .sort(),
    ).toEqual(['amy', 'bea']);
    const zed = await s.h.runtime.customer(WORKSPACE, 'zed');
    expect(zed?.traits).toMatchObject({ plan: 'after' });
    expect(zed?.timeline.find((t) => t.kind === 'event' && t.name === 'poison.go')).toMatchObject({
      error: expect.stringContaining('refused for zed'),
    });
  });
});
