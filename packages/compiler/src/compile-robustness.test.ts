import { builtinNodeTypes } from '@stagecraft/nodes';
import { createRegistry, defineNodeType } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileJourney } from './compile-journey';
import { chain, edge, journeyDoc, node } from './testing';

const options = { journeyId: 'j', version: 1 };

/** Version 2 of a plugin step renamed `minutes` to `delayMinutes`; version 1 documents must still compile. */
const snooze = defineNodeType({
  type: 'acme/snooze',
  version: 2,
  title: 'Snooze',
  description: 'Waits a number of minutes.',
  category: 'flow',
  icon: 'clock',
  configSchema: z.object({ delayMinutes: z.number().int().positive() }),
  defaults: { delayMinutes: 5 },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    exits: [{ on: 'timer', port: 'out', timer: { kind: 'duration', seconds: config.delayMinutes * 60 } }],
  }),
  migrate: (config, fromVersion) =>
    fromVersion === 1 ? { delayMinutes: (config as { minutes: number }).minutes } : config,
});

/** A plugin whose compile throws on some settings, and one that leaves through a port it never declared. */
const fragile = defineNodeType({
  type: 'acme/fragile',
  version: 1,
  title: 'Fragile',
  description: 'Breaks.',
  category: 'action',
  icon: 'bug',
  configSchema: z.object({ mode: z.enum(['throw', 'bad-port', 'fine']) }),
  defaults: { mode: 'fine' },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => {
    if (config.mode === 'throw') throw new Error('lookup table missing');
    return { exits: [{ on: 'always', port: config.mode === 'bad-port' ? 'elsewhere' : 'out' }] };
  },
});

const registry = createRegistry([...builtinNodeTypes, snooze, fragile] as never[]);
const compile = (document: unknown) => compileJourney(document, registry, options);

describe('compileJourney with plugin node types', () => {
  it('upgrades configs saved by an older version through migrate', () => {
    const document = journeyDoc(
      [node('start', 'api-trigger'), node('nap', 'acme/snooze', { minutes: 30 }), node('end', 'exit')],
      chain('start', 'nap', 'end'),
    );
    const result = compile(document);
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) throw new Error('did not compile');
    expect(result.journey.nodes.nap).toMatchObject({ type: 'acme/snooze', typeVersion: 2, waits: true });
    const nap = (
      result.journey.definition.states as Record<string, { entry: { params: { timer?: unknown } }[] }>
    ).nap;
    expect(nap?.entry[1]?.params.timer).toEqual({ kind: 'duration', seconds: 1800 });
  });

  it('reports a plugin that throws or misdeclares its ports as a problem with that step', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('a', 'acme/fragile', { mode: 'throw' }),
        node('b', 'acme/fragile', { mode: 'bad-port' }),
        node('end', 'exit'),
      ],
      chain('start', 'a', 'b', 'end'),
    );
    const result = compile(document);
    expect(result.ok).toBe(false);
    expect(
      result.diagnostics.filter((d) => d.code === 'node-type-error').map((d) => [d.nodeId, d.message]),
    ).toEqual([
      ['a', expect.stringContaining('lookup table missing')],
      ['b', expect.stringContaining('"elsewhere"')],
    ]);
  });
});

describe('compileJourney on hostile input', () => {
  it('compiles a 10,000-node journey in bounded time', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
    const nodes = ids.map((id, i) =>
      i === 0
        ? node(id, 'api-trigger')
        : i % 2
          ? node(id, 'tag', { op: 'add', tag: `t${i}` })
          : node(id, 'wait', { mode: 'duration', duration: { amount: 1, unit: 'hours' } }),
    );
    const started = performance.now();
    const result = compile(journeyDoc(nodes, chain(...ids)));
    const elapsed = performance.now() - started;
    expect(result.ok).toBe(true);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('turns deeply nested rules into a diagnostic instead of a stack overflow', () => {
    let rules: unknown = { field: 'profile.plan', operator: 'equals', value: 'pro' };
    for (let i = 0; i < 20_000; i++) rules = { all: [rules] };
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('check', 'condition', { rules }),
        node('split', 'multi-split', { branches: [{ id: 'x', label: 'X', rules }] }),
      ],
      [edge('start', 'check')],
    );
    const result = compile(document);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => `${d.code}:${d.nodeId}`)).toEqual(
      expect.arrayContaining(['rules-too-deep:check', 'invalid-config:split']),
    );
  });

  it('keeps the list of problems bounded', () => {
    const nodes = Array.from({ length: 3_000 }, (_, i) => node(`n${i}`, 'acme/unknown'));
    const result = compile(journeyDoc(nodes, []));
    expect(result.diagnostics.length).toBeLessThanOrEqual(501);
    expect(result.diagnostics.at(-1)?.code).toBe('too-many-problems');
  });
});
