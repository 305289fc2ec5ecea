import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf, schemaErrors } from '../shared/testing';
import { httpRequest } from './index';

describe('HTTP request', () => {
  const score = {
    method: 'POST',
    url: 'https://scoring.example.com/v1/score',
    headers: [{ name: 'Authorization', value: 'Bearer abc' }],
    body: '{"email":"{{ profile.email }}"}',
  };

  it('asks for the request and continues on its result, keeping the response', () => {
    expect(compileConfig(httpRequest, score)).toEqual({
      actions: [
        {
          type: 'http',
          request: {
            method: 'POST',
            url: 'https://scoring.example.com/v1/score',
            headers: { Authorization: 'Bearer abc' },
            body: '{"email":"{{ profile.email }}"}',
            timeoutMs: 10_000,
          },
          store: true,
        },
      ],
      exits: [
        { on: 'result', port: 'success', ok: true },
        { on: 'result', port: 'failure', ok: false },
      ],
    });
    expect(httpRequest.summary?.(parseConfig(httpRequest, score))).toBe('POST scoring.example.com');
  });

  it('refuses duplicate headers and a body on GET', () => {
    const config = {
      ...score,
      method: 'GET',
      headers: [
        { name: 'X-Key', value: '1' },
        { name: 'x-key', value: '2' },
      ],
    };
    expect(problemsOf(httpRequest, config)).toEqual([
      { path: 'headers.1.name', message: 'The header "x-key" is listed twice; keep one.' },
      { path: 'body', message: 'A GET request cannot carry a body; clear it or use POST.' },
    ]);
  });

  it('explains a bad URL, header name and timeout', () => {
    expect(
      schemaErrors(httpRequest, {
        url: 'scoring.example.com',
        headers: [{ name: 'Bad Header', value: '' }],
        timeoutMs: 60_000,
      }),
    ).toEqual([
      'url: must be a web address starting with https://',
      'headers.0.name: must be a header name such as "Authorization" (no spaces)',
      'timeoutMs: must be at most 30,000 ms (30 seconds)',
    ]);
  });

  it('refuses a variable in the host and a JSON body with a bare variable', () => {
    const problems = problemsOf(httpRequest, {
      ...score,
      url: 'https://api.example.com{{profile.path}}',
      body: '{"email": {{ profile.email }}}',
    });
    expect(problems.map((p) => [p.path, p.severity ?? 'error'])).toEqual([
      ['url', 'error'],
      ['body', 'error'],
    ]);
    expect(problems[0]?.message).toMatch(/scheme, host or port/);
    expect(problems[1]?.message).toMatch(/put Liquid inside quotes/);
  });

  it.each([
    'http://127.0.0.1:8080/x',
    'http://0x7f000001/x',
    'http://2130706433/x',
    'http://localhost/x',
    'http://169.254.169.254/latest',
  ])('warns, without blocking, that %s is internal', (url) => {
    const problems = problemsOf(httpRequest, { ...score, url: url as string });
    expect(problems).toEqual([
      {
        path: 'url',
        severity: 'warning',
        message: expect.stringMatching(/address; the server refuses to call it unless/),
      },
    ]);
  });

  it('migrates version 1 URL, header and body templates to Liquid', () => {
    const old = {
      method: 'POST',
      url: 'https://api.example.com/users/{{ profile.id }}',
      headers: [{ name: 'X-Plan', value: '{{ profile.plan | "free" }}' }],
      body: '{"email": "{{ profile.email }}", "name": "{{ profile.name | "there" }}"}',
    };
    expect(httpRequest.migrate?.(old, 1)).toEqual({
      method: 'POST',
      url: 'https://api.example.com/users/{{ profile.id }}',
      headers: [{ name: 'X-Plan', value: '{{ profile.plan | default: "free", allow_false: true }}' }],
      body: '{"email": "{{ profile.email }}", "name": "{{ profile.name | default: "there", allow_false: true }}"}',
    });
  });
});
