import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render-template';
import { MAX_FALLBACK, tokenizeTemplate } from './template-tokens';

const scope = { profile: { traits: { first_name: 'Ada' } }, now: 0 };

describe('tokenizeTemplate', () => {
  it('reads variables with their fallbacks and keeps the text around them', () => {
    expect(tokenizeTemplate('Hi {{ profile.first_name | "there" }}!')).toEqual([
      { kind: 'text', text: 'Hi ' },
      {
        kind: 'variable',
        text: '{{ profile.first_name | "there" }}',
        start: 3,
        path: 'profile.first_name',
        fallback: 'there',
      },
      { kind: 'text', text: '!' },
    ]);
  });

  it('marks braces that are not a variable, and says why', () => {
    const reasons = (text: string) =>
      tokenizeTemplate(text).flatMap((token) => (token.kind === 'invalid' ? [token.reason] : []));
    expect(reasons('{{ nope }}')).toEqual(['not-a-variable']);
    expect(reasons('Hi {{ profile.name')).toEqual(['unclosed']);
    expect(reasons('{{ {{ profile.name }}')).toEqual(['unclosed']);
    expect(reasons(`{{ profile.${'a'.repeat(200)} }}`)).toEqual(['path-too-long']);
  });

  it(`accepts a fallback of ${MAX_FALLBACK} characters and refuses one of ${MAX_FALLBACK + 1}`, () => {
    const fits = `{{ profile.last_name | "${'x'.repeat(MAX_FALLBACK)}" }}`;
    const over = `{{ profile.last_name | "${'x'.repeat(MAX_FALLBACK + 1)}" }}`;
    expect(tokenizeTemplate(fits)[0]?.kind).toBe('variable');
    expect(tokenizeTemplate(over)[0]).toMatchObject({ kind: 'invalid', reason: 'fallback-too-long' });
    // The renderer reads the same tokens: the one it fills is the one validation lets through.
    expect(renderTemplate(fits, scope)).toBe('x'.repeat(MAX_FALLBACK));
    expect(renderTemplate(over, scope)).toBe(over);
  });

  it('joins back to its input for any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(
          tokenizeTemplate(text)
            .map((token) => token.text)
            .join(''),
        ).toBe(text);
      }),
    );
    const hostile = `${'{{ '.repeat(20_000)}profile.first_name }}`;
    const started = performance.now();
    expect(
      tokenizeTemplate(hostile)
        .map((token) => token.text)
        .join(''),
    ).toBe(hostile);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
