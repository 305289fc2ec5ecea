import { catalogOf, portsOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinNodeTypes, builtinRegistry } from './index';
import { testContext } from './shared/testing';

const CATALOGUE = [
  'api-trigger',
  'attribute-trigger',
  'condition',
  'date-trigger',
  'event-trigger',
  'exit',
  'goal',
  'http-request',
  'multi-split',
  'random-split',
  'segment-trigger',
  'send-message',
  'set-stage',
  'tag',
  'update-profile',
  'wait',
  'wait-for-event',
];

/** Top-level fields of a config's JSON Schema, across the options of a union such as `wait`. */
function fieldsOf(schema: Record<string, unknown>): [string, Record<string, unknown>][] {
  const options = (schema.oneOf ?? schema.anyOf ?? [schema]) as Record<string, unknown>[];
  return options.flatMap((option) =>
    Object.entries((option.properties ?? {}) as Record<string, Record<string, unknown>>),
  );
}

describe('built-in node types', () => {
  it('holds the agreed catalogue, each type once at its current version', () => {
    expect(builtinNodeTypes.map((nodeType) => nodeType.type).sort()).toEqual(CATALOGUE);
    // Version 2: templates became Liquid (send-message, http-request); the holdout became a
    // share of everyone (random-split); saved segments (segment-trigger). Each migrate reads version 1.
    const current: Record<string, number> = {
      'send-message': 2,
      'http-request': 2,
      'random-split': 2,
      'segment-trigger': 2,
    };
    const versions = Object.fromEntries(
      builtinNodeTypes.map((nodeType) => [nodeType.type, nodeType.version]),
    );
    for (const type of CATALOGUE) {
      const version = current[type] ?? 1;
      expect(versions[type], type).toBe(version);
      expect(builtinRegistry.get(type, version)?.type).toBe(type);
    }
    expect(builtinRegistry.get('random-split', 1)).toBeUndefined();
  });

  it('serves a palette entry for every type, triggers without an input', () => {
    const catalog = catalogOf(builtinRegistry);
    expect(catalog.map((entry) => entry.type).sort()).toEqual(CATALOGUE);
    const withoutInput = catalog.filter((entry) => !entry.hasInput).map((entry) => entry.type);
    expect(withoutInput.sort()).toEqual(CATALOGUE.filter((type) => type.endsWith('-trigger')));
  });

  for (const nodeType of builtinNodeTypes) {
    describe(nodeType.type, () => {
      const config = nodeType.configSchema.parse(nodeType.defaults);

      it('compiles its defaults without errors, leaving only through its own ports', () => {
        const problems = nodeType.validate?.(config, testContext) ?? [];
        expect(problems.filter((problem) => problem.severity !== 'warning')).toEqual([]);
        const compiled = nodeType.compile(config, testContext);
        const ports = portsOf(nodeType, config).map((port) => port.id);
        expect(new Set(ports).size).toBe(ports.length);
        for (const exit of compiled.exits) expect(ports).toContain(exit.port);
        expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
      });

      it('is a trigger exactly when it says what lets customers in', () => {
        const compiled = nodeType.compile(config, testContext);
        expect(compiled.trigger !== undefined).toBe(nodeType.category === 'trigger');
      });

      it('gives the inspector a labelled field for every setting', () => {
        const schema = z.toJSONSchema(nodeType.configSchema, { io: 'input' }) as Record<string, unknown>;
        const unlabelled = fieldsOf(schema)
          .filter(([, field]) => typeof field.title !== 'string')
          .map(([name]) => name);
        expect(unlabelled).toEqual([]);
      });

      it('summarises itself in one short line for the canvas', () => {
        const summary = nodeType.summary?.(config) ?? '';
        expect(summary.length).toBeGreaterThan(0);
        expect(summary.length).toBeLessThan(80);
        expect(summary).not.toContain('\n');
      });
    });
  }
});
