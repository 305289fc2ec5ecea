import { describe, expect, it } from 'vitest';
import { readPluginResult } from './plugin-result';

const PORTS = ['hot', 'cold'];

describe('readPluginResult', () => {
  it('takes a success with its port, traits and data', () => {
    expect(readPluginResult({ ok: true, port: 'hot', profile: { score: 5 }, data: { n: 1 } }, PORTS)).toEqual(
      {
        ok: true,
        status: null,
        data: { n: 1 },
        port: 'hot',
        profile: { score: 5 },
      },
    );
    expect(readPluginResult({ ok: true }, PORTS)).toEqual({ ok: true, status: null, data: null });
  });

  it('takes a failure the step reports as final, with its error text', () => {
    expect(readPluginResult({ ok: false, error: 'CRM down', port: 'cold' }, PORTS)).toEqual({
      ok: false,
      retry: false,
      status: null,
      data: undefined,
      error: 'CRM down',
      port: 'cold',
    });
    expect(readPluginResult({ ok: false }, PORTS)).toMatchObject({ error: 'the step reported failure' });
    expect(readPluginResult({ ok: false, error: 'e'.repeat(5_000) }, PORTS)).toMatchObject({
      error: 'e'.repeat(2_000),
    });
  });

  it('retries a result the SDK refuses, saying what the step returned', () => {
    expect(readPluginResult({ ok: true, port: 'warm' }, PORTS)).toEqual({
      ok: false,
      retry: true,
      status: null,
      error: 'the step returned the port "warm", which the step does not have; use one of: hot, cold',
    });
    expect(readPluginResult({ ok: true, data: { at: new Date(0) } }, PORTS)).toMatchObject({
      retry: true,
      error: expect.stringMatching(/^the step returned a Date at data\.at; /),
    });
  });
});
