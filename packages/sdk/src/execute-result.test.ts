import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectExecuteResult, MAX_EXECUTE_OUTPUT_BYTES } from './execute-result';

const PORTS = ['many', 'few', 'failure'];

const problemOf = (value: unknown, ports: readonly string[] = PORTS) => {
  const inspection = inspectExecuteResult(value, ports);
  return inspection.ok ? null : inspection.problem;
};

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/** Nests `inner` in `levels` arrays. */
const nested = (levels: number, inner: unknown = 1): unknown =>
  Array.from({ length: levels }).reduce<unknown>((value) => [value], inner);

/** `[ , 'b']`: an array with a hole, which JSON.stringify writes as null. */
const holed: unknown[] = [];
holed[1] = 'b';

class Lead {
  score = 1;
}

describe('inspectExecuteResult', () => {
  it('passes a valid result through as it came', () => {
    const result = {
      ok: true,
      port: 'many',
      data: { count: 2, tags: ['a', null, true], nested: { 'first name': 'Zoë 🎉' }, empty: {} },
      profile: { visit_count: 2, region: null },
    };
    const inspection = inspectExecuteResult(result, PORTS);
    expect(inspection.ok && inspection.result).toBe(result);
    const failed = { ok: false, error: 'CRM down' };
    expect(inspectExecuteResult(failed, PORTS)).toEqual({ ok: true, result: failed });
    expect(problemOf({ ok: true, data: Object.assign(Object.create(null), { a: 1 }) })).toBeNull();
    expect(problemOf({ ok: true, data: nested(64) })).toBeNull();
  });

  it('refuses what is not a result object, with how to return one', () => {
    for (const value of ['done', null, undefined, 42, [{ ok: true }]])
      expect(problemOf(value)).toMatch(
        /instead of a result object; return an object such as \{ ok: true, data \}$/,
      );
    expect(problemOf('done')).toMatch(/^"done" instead/);
    expect(problemOf('x'.repeat(10_000))?.length).toBeLessThan(200);
  });

  it('refuses an ok that is not a boolean and an error that is not text', () => {
    expect(problemOf({ ok: 'yes' })).toBe('ok = "yes"; ok must be true or false');
    expect(problemOf({ data: 1 })).toBe('ok = undefined; ok must be true or false');
    expect(problemOf({ ok: false, error: { code: 500 } })).toBe(
      'error = {"code":500}; error must be a string message',
    );
  });

  it('refuses a port the step does not have, naming those it has', () => {
    expect(problemOf({ ok: true, port: 'hot' })).toBe(
      'the port "hot", which the step does not have; use one of: many, few, failure',
    );
    expect(problemOf({ ok: true, port: 1 })).toMatch(/^the port 1, which the step does not have/);
    expect(problemOf({ ok: true, port: 'hot' }, [])).toMatch(/no ports to choose, so leave port out$/);
  });

  it('refuses profile traits that are not an object', () => {
    for (const profile of [null, ['a'], 'pro'])
      expect(problemOf({ ok: true, profile })).toMatch(/^profile = .*; profile must be an object of traits$/);
  });

  it('refuses data and traits that are not plain JSON, saying what and where', () => {
    const cases: [unknown, string][] = [
      [{ name: undefined }, 'undefined at data.name'],
      [{ score: Number.NaN }, 'NaN at data.score'],
      [[1, Number.POSITIVE_INFINITY], 'Infinity at data[1]'],
      [{ at: new Date(0) }, 'a Date at data.at'],
      [{ seen: new Map() }, 'a Map at data.seen'],
      [{ lead: new Lead() }, 'a Lead at data.lead'],
      [{ 'first name': () => 'Ada' }, 'a function at data["first name"]'],
      [{ big: 1n }, 'a bigint at data.big'],
      [{ s: Symbol('s') }, 'a symbol at data.s'],
      [holed, 'undefined at data[0]'],
      [nested(65), 'data nested more than 64 levels deep (or referring to itself)'],
    ];
    for (const [data, what] of cases)
      expect(problemOf({ ok: true, data })).toBe(
        `${what}; store only strings, finite numbers, booleans, null, arrays and plain objects`,
      );
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(problemOf({ ok: true, data: cycle })).toMatch(/^data nested more than 64 levels deep/);
    expect(problemOf({ ok: true, profile: { score: Number.NaN } })).toMatch(/^NaN at profile\.score;/);
  });

  it('takes data and traits of up to 1 MB together as UTF-8 JSON, and refuses more', () => {
    const tooBig =
      /^data and traits of more than 1 MB as JSON; the runtime keeps at most 1 MB, so store less/;
    // Escapes, control characters, two-, three- and four-byte characters and a lone surrogate.
    const mixed = { 'ké"y': 'a"b\\c\n\t\u0001 é € 🎉 \ud800 end', n: [-0, 1.5e300, -12, true, null] };
    const filler = MAX_EXECUTE_OUTPUT_BYTES - bytes([mixed, '']);
    expect(problemOf({ ok: true, data: [mixed, 'x'.repeat(filler)] })).toBeNull();
    expect(problemOf({ ok: true, data: [mixed, 'x'.repeat(filler + 1)] })).toMatch(tooBig);

    const half = MAX_EXECUTE_OUTPUT_BYTES / 2;
    const traits = { note: 'x'.repeat(half - bytes({ note: '' })) };
    expect(problemOf({ ok: true, data: 'x'.repeat(half - 2), profile: traits })).toBeNull();
    expect(problemOf({ ok: true, data: 'x'.repeat(half - 1), profile: traits })).toMatch(tooBig);
    expect(problemOf({ ok: true, data: { blob: 'x'.repeat(50 * 1024 * 1024) } })).toMatch(tooBig);
    expect(problemOf({ ok: true, data: Array.from({ length: 300_000 }, () => 'abc') })).toMatch(tooBig);
  });

  it('measures any JSON value as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }), (value) => {
        const filler = MAX_EXECUTE_OUTPUT_BYTES - bytes([value, '']);
        expect(problemOf({ ok: true, data: [value, 'x'.repeat(filler)] })).toBeNull();
        expect(problemOf({ ok: true, data: [value, 'x'.repeat(filler + 1)] })).not.toBeNull();
      }),
      { numRuns: 30 },
    );
  });
});
