import { testDatabaseKinds } from '@stagecraft/db/testing';
import { describe, expect, it } from 'vitest';
import { DAY, journey, suiteHarness, WORKSPACE, webhook } from './harness';

describe.each(testDatabaseKinds())('profile triggers on %s', (kind) => {
  const s = suiteHarness(kind);

  it('starts runs when a trait changes to a value and when a customer enters a segment', async () => {
    await s.h.publish(
      'upgraded',
      journey(
        'Upgraded',
        [
          ['t', 'attribute-trigger', { field: 'plan', to: 'pro' }],
          ['stage', 'set-stage', { stage: 'retention' }],
          ['s', 'send-message', webhook(`${s.sink.url}/upgraded`, '{{ profile.plan }}')],
        ],
        [
          ['t', 'stage'],
          ['stage', 's'],
        ],
      ),
    );
    await s.h.publish(
      'vip',
      journey(
        'VIP',
        [
          [
            't',
            'segment-trigger',
            {
              segment: 'VIP',
              rules: { all: [{ field: 'profile.ltv', operator: 'greater_than', value: 1000 }] },
              change: 'entered',
            },
          ],
          ['s', 'send-message', webhook(`${s.sink.url}/vip`, 'vip')],
        ],
        [['t', 's']],
        { reentry: { policy: 'always', cooldownSeconds: 0 } },
      ),
    );
    await s.h.identify('rae', { plan: 'free', ltv: 10 });
    await s.h.runtime.drain();
    await s.h.identify('rae', { plan: 'pro', ltv: 2000 });
    await s.h.runtime.drain();
    await s.h.identify('rae', { ltv: 3000 });
    await s.h.runtime.drain();
    expect(s.sink.hits('/upgraded').map((r) => r.body)).toEqual(['pro']);
    expect(s.sink.hits('/vip')).toHaveLength(1);
    const rae = await s.h.runtime.customer(WORKSPACE, 'rae');
    expect(rae?.stage).toBe('retention');
    expect(rae?.stageHistory).toEqual([
      expect.objectContaining({ from: null, to: 'retention', journeyId: 'upgraded', nodeId: 'stage' }),
    ]);
  });

  it('fires a date trigger 30 days before renewal at 09:00 in the customer’s zone, and follows a moved date', async () => {
    await s.h.publish(
      'renewal',
      journey(
        'Renewal',
        [
          [
            't',
            'date-trigger',
            {
              field: 'renewal_date',
              offset: { amount: 30, unit: 'days', direction: 'before' },
              at: { hour: 9, minute: 0 },
            },
          ],
          ['s', 'send-message', webhook(`${s.sink.url}/renewal`, '{{ profile.renewal_date }}')],
        ],
        [['t', 's']],
        { reentry: { policy: 'always', cooldownSeconds: 0 } },
      ),
    );
    // The clock starts on 2030-01-07 08:00 UTC.
    await s.h.identify('sam', { renewal_date: '2030-03-01' }, { timezone: 'America/New_York' });
    await s.h.runtime.drain();
    await s.h.identify('sam', { renewal_date: '2030-03-15' });
    await s.h.runtime.drain();
    // 30 days before 2030-03-15 is 2030-02-13; 09:00 in New York is 14:00 UTC.
    s.h.clock.advance(Date.UTC(2030, 1, 13, 13, 59) - s.h.clock.now());
    await s.h.runtime.drain();
    expect(s.sink.hits('/renewal')).toHaveLength(0);
    s.h.clock.advance(60_000);
    await s.h.runtime.drain();
    expect(s.sink.hits('/renewal').map((r) => r.body)).toEqual(['2030-03-15']);
    s.h.clock.advance(40 * DAY);
    await s.h.runtime.drain();
    expect(s.sink.hits('/renewal')).toHaveLength(1);
  });

  it('schedules a newly published date trigger for customers who were already there', async () => {
    await s.h.identify('tia', { trial_ends: '2030-06-01' }, { timezone: 'UTC' });
    await s.h.identify('uma', {});
    await s.h.runtime.drain();
    await s.h.publish(
      'trial-end',
      journey(
        'Trial ends',
        [
          [
            't',
            'date-trigger',
            {
              field: 'trial_ends',
              offset: { amount: 1, unit: 'days', direction: 'before' },
              at: { hour: 12, minute: 0 },
            },
          ],
          ['s', 'send-message', webhook(`${s.sink.url}/trial-ends`, '{{ profile.trial_ends }}')],
        ],
        [['t', 's']],
      ),
    );
    await s.h.runtime.drain();
    s.h.clock.advance(Date.UTC(2030, 4, 31, 12, 0) - s.h.clock.now());
    await s.h.runtime.drain();
    expect(s.sink.hits('/trial-ends').map((r) => r.body)).toEqual(['2030-06-01']);
  });
});

describe.each(testDatabaseKinds())('profile changes made by journeys on %s', (kind) => {
  const s = suiteHarness(kind);

  it('fire other journeys’ attribute, segment and date triggers, as an identify call would', async () => {
    await s.h.publish(
      'signup',
      journey(
        'Sign-up',
        [
          ['t', 'event-trigger', { event: 'signed_up', where: [] }],
          ['vip', 'tag', { op: 'add', tag: 'vip' }],
          [
            'plan',
            'update-profile',
            {
              set: [
                { field: 'plan', value: 'pro' },
                { field: 'renewal_date', value: '2030-03-01' },
              ],
              unset: [],
            },
          ],
        ],
        [
          ['t', 'vip'],
          ['vip', 'plan'],
        ],
      ),
    );
    await s.h.publish(
      'upgraded',
      journey(
        'Upgraded',
        [
          ['t', 'attribute-trigger', { field: 'plan', to: 'pro' }],
          ['s', 'send-message', webhook(`${s.sink.url}/upgraded`, '{{ profile.plan }}')],
        ],
        [['t', 's']],
      ),
    );
    await s.h.publish(
      'vip-welcome',
      journey(
        'VIP welcome',
        [
          [
            't',
            'segment-trigger',
            {
              segment: 'VIP',
              rules: { all: [{ field: 'profile.tags', operator: 'contains', value: 'vip' }] },
              change: 'entered',
            },
          ],
          ['s', 'send-message', webhook(`${s.sink.url}/vip`, 'vip')],
        ],
        [['t', 's']],
      ),
    );
    await s.h.publish(
      'renewal',
      journey(
        'Renewal',
        [
          [
            't',
            'date-trigger',
            {
              field: 'renewal_date',
              offset: { amount: 1, unit: 'days', direction: 'before' },
              at: { hour: 9, minute: 0 },
            },
          ],
          ['s', 'send-message', webhook(`${s.sink.url}/renewal`, '{{ profile.renewal_date }}')],
        ],
        [['t', 's']],
      ),
    );
    await s.h.identify('ada', { plan: 'free' }, { timezone: 'UTC' });
    await s.h.runtime.drain();
    await s.h.track('ada', 'signed_up');
    await s.h.runtime.drain();
    expect(s.sink.hits('/upgraded').map((r) => r.body)).toEqual(['pro']);
    expect(s.sink.hits('/vip')).toHaveLength(1);
    s.h.clock.advance(Date.UTC(2030, 1, 28, 9, 0) - s.h.clock.now());
    await s.h.runtime.drain();
    expect(s.sink.hits('/renewal').map((r) => r.body)).toEqual(['2030-03-01']);
  });

  it('stop after a bounded number of rounds when journeys keep setting each other off', async () => {
    const flip = (name: string, from: boolean) =>
      journey(
        name,
        [
          ['t', 'attribute-trigger', { field: 'flag', to: from }],
          ['set', 'update-profile', { set: [{ field: 'flag', value: !from }], unset: [] }],
        ],
        [['t', 'set']],
        { reentry: { policy: 'always', cooldownSeconds: 0 } },
      );
    await s.h.publish('ping', flip('Ping', true));
    await s.h.publish('pong', flip('Pong', false));
    await s.h.identify('bo', { flag: true });
    await s.h.runtime.drain();
    const bo = await s.h.runtime.customer(WORKSPACE, 'bo');
    const runs = bo?.runs.filter((r) => r.journeyId === 'ping' || r.journeyId === 'pong') ?? [];
    // The identify starts Ping; each journey's change then starts the other, for five more rounds.
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
  });
});
