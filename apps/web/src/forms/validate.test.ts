import { compileJourney } from '@stagecraft/compiler';
import { builtinRegistry } from '@stagecraft/nodes';
import { catalogOf } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './json-schema';
import { schemaOf } from './test-harness';
import { validateValue } from './validate';

describe('validating a config as it is typed', () => {
  for (const entry of catalogOf(builtinRegistry)) {
    it(`finds nothing wrong with the defaults of ${entry.type}`, () => {
      const schema = entry.configSchema as JsonSchema;
      expect(validateValue(schema, entry.defaults, schema)).toEqual({});
    });
  }

  it('words each broken keyword for the field, in the option the value chose', () => {
    const wait = schemaOf('wait');
    expect(validateValue(wait, { mode: 'duration', duration: { amount: 0, unit: 'days' } }, wait)).toEqual({
      'duration.amount': 'Must be 1 or more.',
    });
    expect(validateValue(wait, { mode: 'duration', duration: { amount: 1.5, unit: 'days' } }, wait)).toEqual({
      'duration.amount': 'Enter a whole number.',
    });
    expect(
      validateValue(wait, { mode: 'duration', duration: { amount: 2, unit: 'fortnights' } }, wait),
    ).toEqual({
      'duration.unit': 'Pick one of the options.',
    });
    expect(validateValue(wait, { mode: 'sometime' }, wait)).toEqual({ mode: 'Pick one of the options.' });
  });

  it('checks the keywords a plugin schema uses that built-in forms do not', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        step: { type: 'number', multipleOf: 5 },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        note: { type: 'string', minLength: 1 },
      },
    };
    const value = { email: 'not an address', step: 7, tags: ['a', 'a'], note: '   ' };
    expect(validateValue(schema, value, schema)).toEqual({
      email: 'This is not in the expected format.',
      step: 'Must be a multiple of 5.',
      tags: 'Each entry must be different.',
      note: 'Fill this in.',
    });
  });
});

describe('the form and the compiler word a broken field alike', () => {
  const cases: [type: string, config: Record<string, unknown>, path: string][] = [
    ['wait', { mode: 'duration', duration: { amount: 0, unit: 'days' } }, 'duration.amount'],
    ['wait', { mode: 'duration', duration: { amount: 1.5, unit: 'days' } }, 'duration.amount'],
    ['wait', { mode: 'duration', duration: { amount: 2, unit: 'fortnights' } }, 'duration.unit'],
  ];
  for (const [type, config, path] of cases) {
    it(`${type} ${JSON.stringify(config)}`, () => {
      const schema = schemaOf(type);
      const form = validateValue(schema, config, schema)[path];
      const document = {
        name: 'Check',
        nodes: [
          { id: 'start', type: 'api-trigger', typeVersion: 1, position: { x: 0, y: 0 }, config: {} },
          { id: 'step', type, typeVersion: 1, position: { x: 200, y: 0 }, config },
        ],
        edges: [{ id: 'e', source: 'start', target: 'step' }],
      };
      const compiled = compileJourney(document, builtinRegistry, { journeyId: 'j', version: 1 });
      const detail = compiled.diagnostics.find(
        (d) => d.nodeId === 'step' && d.detail?.kind === 'config',
      )?.detail;
      expect(form).toBeDefined();
      expect(detail).toEqual({ kind: 'config', path, problem: form });
    });
  }
});
