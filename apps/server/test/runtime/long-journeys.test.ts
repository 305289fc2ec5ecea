import { testDatabaseKinds } from '@stagecraft/db/testing';
import { describe, expect, it } from 'vitest';
import { journey, suiteHarness, WORKSPACE, webhook } from './harness';

const ACTIONS = 1_500;

/** A trigger, 1,500 tags and profile updates in a row, then one webhook: too long for one step. */
function longChain(url: string) {
  const nodes: [string, string, Record<string, unknown>][] = [
    ['start', 'event-trigger', { event: 'long.started', where: [] }],
  ];
  for (let i = 1; i <= ACTIONS; i++) {
    nodes.push(
      i % 2 === 0
        ? [`n${i}`, 'tag', { op: 'add', tag: `tag-${i % 10}` }]
        : [`n${i}`, 'update-profile', { set: [{ field: 'last', value: i }], unset: [] }],
    );
  }
  nodes.push(['done', 'send-message', webhook(url, '{"last":"{{ profile.last }}"}')]);
  const ids = nodes.map(([id]) => id);
  return journey(
    'Long',
    nodes,
    ids.slice(1).map((id, i) => [ids[i] as string, id] as [string, string]),
  );
}

const modes = testDatabaseKinds().flatMap((kind) => [
  { kind, applyOnArrival: false, label: `${kind}, applied by the workers` },
  { kind, applyOnArrival: true, label: `${kind}, applied on arrival` },
]);

describe.each(modes)('a journey longer than one step on $label', ({ kind, applyOnArrival }) => {
  const s = suiteHarness(kind, { applyOnArrival });

  it('goes on in follow-up steps and ends as one long step would', async () => {
    await s.h.publish('long', longChain(`${s.sink.url}/done`));
    await s.h.track('ada', 'long.started');
    if (applyOnArrival) {
      // Applied with the event: the first step stopped part-way and left a continuation behind.
      const after = await s.h.runtime.customer(WORKSPACE, 'ada');
      expect(after?.runs[0]).toMatchObject({ status: 'active' });
      expect(after?.runs[0]?.currentNodeId).not.toBe('done');
    }
    await s.h.runtime.drain();

    const ada = await s.h.runtime.customer(WORKSPACE, 'ada');
    expect(ada?.runs).toEqual([expect.objectContaining({ status: 'completed', currentNodeId: 'done' })]);
    expect(ada?.traits).toMatchObject({ last: ACTIONS - 1 });
    expect([...(ada?.tags ?? [])].sort()).toEqual(Array.from({ length: 5 }, (_, i) => `tag-${i * 2}`));
    expect(s.sink.hits('/done').map((hit) => JSON.parse(hit.body))).toEqual([{ last: ACTIONS - 1 }]);
  });
});
