import { builtinRegistry } from '@stagecraft/nodes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile-journey';
import { edge, journeyDoc, node } from './testing';

const options = { journeyId: 'prop', version: 1 };
const compile = (document: unknown) => compileJourney(document, builtinRegistry, options);
const rules = {
  any: [
    { field: 'profile.plan', operator: 'equals', value: 'pro' },
    { eventCount: { event: 'app.opened' }, operator: 'greater_than', value: 1 },
  ],
};

/** Step kinds with a valid config and their output ports; `waits` marks those that may loop back. */
const KINDS = {
  send: {
    type: 'send-message',
    config: { channel: 'sms', name: 'Hi', body: 'Hi {{ profile.first_name }}' },
    ports: ['out'],
    waits: false,
  },
  wait: {
    type: 'wait',
    config: { mode: 'duration', duration: { amount: 2, unit: 'hours' } },
    ports: ['out'],
    waits: true,
  },
  until: {
    type: 'wait',
    config: { mode: 'time-of-day', hour: 9, minute: 0, weekdays: [1, 3, 5] },
    ports: ['out'],
    waits: true,
  },
  listen: {
    type: 'wait-for-event',
    config: { event: 'app.opened', timeout: { amount: 1, unit: 'days' } },
    ports: ['matched', 'timeout'],
    waits: true,
  },
  check: { type: 'condition', config: { rules }, ports: ['yes', 'no'], waits: false },
  split: {
    type: 'random-split',
    config: {
      arms: [
        { id: 'a', label: 'A', weight: 1 },
        { id: 'b', label: 'B', weight: 2 },
      ],
    },
    ports: ['a', 'b'],
    waits: false,
  },
  branch: {
    type: 'multi-split',
    config: { branches: [{ id: 'pro', label: 'Pro', rules }] },
    ports: ['pro', 'else'],
    waits: false,
  },
  tag: { type: 'tag', config: { op: 'add', tag: 'seen' }, ports: ['out'], waits: false },
  exit: { type: 'exit', config: {}, ports: [], waits: false },
} as const;
type Kind = keyof typeof KINDS;

/**
 * A valid journey: a trigger, then steps whose outputs lead forward (so loops can only start at
 * a waiting step) or stay unconnected, plus an optional goal.
 */
const validJourney = fc
  .record({
    kinds: fc.array(fc.constantFrom(...(Object.keys(KINDS) as Kind[])), { minLength: 1, maxLength: 25 }),
    picks: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
    goal: fc.boolean(),
  })
  .map(({ kinds, picks, goal }) => {
    const nodes = [
      node('start', 'event-trigger', { event: 'user.signed_up' }),
      ...kinds.map((kind, i) => node(`s${i}`, KINDS[kind].type, KINDS[kind].config)),
    ];
    const edges = [edge('start', 's0')];
    let pick = 0;
    kinds.forEach((kind, i) => {
      for (const port of KINDS[kind].ports) {
        const choice = picks[pick++ % picks.length] as number;
        if (choice % 5 === 0) continue;
        const forward = i + 1 + (choice % Math.max(1, kinds.length - i - 1));
        const back = choice % (i + 1);
        const target = KINDS[kind].waits && choice % 3 === 0 ? back : forward;
        if (target < kinds.length && target !== i) edges.push(edge(`s${i}`, `s${target}`, port));
      }
    });
    if (goal) nodes.push(node('goal', 'goal', { event: 'order.completed' }));
    return journeyDoc(nodes, edges, { settings: { exitEvents: [{ event: 'account.closed' }] } });
  });

describe('compiler properties', () => {
  it('compiles every generated valid journey without errors, deterministically', () => {
    fc.assert(
      fc.property(validJourney, (document) => {
        const first = compile(document);
        const errors = first.diagnostics.filter((d) => d.severity === 'error');
        expect(errors).toEqual([]);
        const second = compile(structuredClone(document));
        expect(first.ok && second.ok).toBe(true);
        if (first.ok && second.ok) {
          expect(second.journey.hash).toBe(first.journey.hash);
          expect(second.journey.definition).toEqual(first.journey.definition);
        }
      }),
      { numRuns: 150 },
    );
  });

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('unknown-type' as const), type: fc.stringMatching(/^[a-z][a-z-]{0,12}$/) }),
    fc.record({
      kind: fc.constant('bad-config' as const),
      config: fc.dictionary(fc.string(), fc.anything()),
    }),
    fc.record({ kind: fc.constant('drop-node' as const) }),
    fc.record({ kind: fc.constant('bad-port' as const), port: fc.stringMatching(/^[a-z]{1,8}$/) }),
    fc.record({ kind: fc.constant('instant-loop' as const) }),
    fc.record({ kind: fc.constant('into-trigger' as const) }),
  );

  it('turns broken journeys into error diagnostics, never exceptions', () => {
    fc.assert(
      fc.property(validJourney, mutation, fc.nat(), (document, change, at) => {
        const nodes = [...document.nodes];
        const edges = [...document.edges];
        const index = 1 + (at % (nodes.length - 1));
        const target = nodes[index] as (typeof nodes)[number];
        switch (change.kind) {
          case 'unknown-type':
            nodes[index] = { ...target, type: `acme/${change.type}` };
            break;
          case 'bad-config':
            nodes[index] = { ...target, type: 'wait', config: change.config };
            break;
          case 'drop-node':
            nodes.splice(index, 1);
            edges.push(edge('start', target.id, 'out'));
            break;
          case 'bad-port':
            edges.push(edge(target.id, 'start', `zz${change.port}`));
            break;
          case 'instant-loop':
            nodes.push(
              node('loop-a', 'tag', { op: 'add', tag: 'a' }),
              node('loop-b', 'tag', { op: 'add', tag: 'b' }),
            );
            edges.push(edge('loop-a', 'loop-b'), edge('loop-b', 'loop-a'));
            break;
          case 'into-trigger':
            nodes.push(node('side', 'tag', { op: 'add', tag: 'x' }));
            edges.push(edge('side', 'start'));
            break;
        }
        const result = compile({ ...document, nodes, edges });
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        if (change.kind === 'bad-config' && result.ok) return; // a random dictionary may happen to be a valid wait
        expect(result.ok).toBe(false);
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) expect(error.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 6 }), (input) => {
        const result = compile(input);
        expect(result.ok).toBe(false);
        expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.record({
          name: fc.string(),
          nodes: fc.array(
            fc.record({
              id: fc.string(),
              type: fc.string(),
              typeVersion: fc.integer(),
              position: fc.constant({ x: 0, y: 0 }),
              config: fc.object(),
            }),
          ),
          edges: fc.array(fc.record({ id: fc.string(), source: fc.string(), target: fc.string() })),
        }),
        (input) => {
          expect(() => compile(input)).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
  });
});
