import { describe, expect, it } from 'vitest';
import { serializeError } from './logging';

describe('serializeError', () => {
  it('drops SQL parameters, failing-row detail and query text, keeping what names the failure', () => {
    const cause = Object.assign(new Error('new row violates check constraint "c"'), {
      code: '23514',
      constraint: 'c',
      detail: 'Failing row contains (secret@example.com).',
      parameters: ['secret@example.com'],
      query: "insert into t values ('secret@example.com')",
    });
    const error = new Error('Failed query: insert into t values ($1)\nparams: secret@example.com', { cause });
    const text = JSON.stringify(serializeError(error));
    expect(text).not.toContain('secret@example.com');
    expect(text).toContain('Failed query: insert into t values ($1)');
    expect(text).toContain('"code":"23514"');
    expect(text).toContain('"constraint":"c"');
  });

  it('cleans messages the runtime logs as strings', () => {
    expect(serializeError('Failed query: select 1\nparams: a,b')).toBe(
      'Failed query: select 1\nparams: [redacted]',
    );
    expect(serializeError('plain')).toBe('plain');
  });
});
