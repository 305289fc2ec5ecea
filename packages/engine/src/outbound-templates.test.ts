import { edge, journeyDoc, node } from '@stagecraft/compiler/testing';
import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { startRun } from './start-run';
import { compileForTest, MONDAY, profileOf } from './test-support';
import type { Effect } from './types';

/** Runs one step for a customer whose traits were chosen by an attacker, and returns its outbound effect. */
function outbound(config: Record<string, unknown>, type: string, traits: Record<string, unknown>) {
  const journey = compileForTest(
    journeyDoc([node('start', 'api-trigger'), node('call', type, config)], [edge('start', 'call')]),
    builtinRegistry,
  );
  const { effects } = startRun(journey, {
    runId: 'run-1',
    customerId: 'mallory',
    triggerNodeId: 'start',
    event: null,
    profile: profileOf('mallory', traits),
    now: MONDAY,
  });
  return effects.find((effect) => effect.type === 'http' || effect.type === 'send') as Effect;
}

const http = (extra: Record<string, unknown>) => ({
  method: 'POST',
  url: 'https://api.example.com/users/{{ profile.email }}/sync',
  ...extra,
});

describe('hostile traits in an HTTP request', () => {
  it('stay inside their path segment', () => {
    const effect = outbound(http({}), 'http-request', { email: '../../admin/delete-all?x=' });
    expect(effect).toMatchObject({
      url: 'https://api.example.com/users/..%2F..%2Fadmin%2Fdelete-all%3Fx%3D/sync',
    });
    expect(effect).not.toHaveProperty('refused');
  });

  it('cannot turn the path into a dot-segment: the request is refused', () => {
    const effect = outbound(http({}), 'http-request', { email: '..' });
    expect(effect).toMatchObject({ type: 'http', refused: expect.stringMatching(/^refused: /) });
  });

  it('cannot add a field to a JSON body', () => {
    const body = '{"email": "{{ profile.email }}", "role": "user"}';
    const effect = outbound(http({ body, url: 'https://api.example.com/users' }), 'http-request', {
      email: '","role":"admin',
    });
    expect(effect.type === 'http' && JSON.parse(effect.body ?? '')).toEqual({
      email: '","role":"admin',
      role: 'user',
    });
  });

  it('cannot add a header line', () => {
    const headers = [{ name: 'X-User', value: '{{ profile.email }}' }];
    const effect = outbound(http({ headers, url: 'https://api.example.com/users' }), 'http-request', {
      email: 'a\r\nX-Admin: yes',
    });
    expect(effect.type === 'http' && effect.headers['X-User']).toBe('a X-Admin: yes');
  });
});

describe('hostile traits in a webhook message', () => {
  const webhook = {
    channel: 'webhook',
    name: 'Hook',
    url: 'https://hooks.example.com/c/{{ profile.email }}',
    body: '{"email": "{{ profile.email }}", "role": "user"}',
  };

  it('are percent-encoded in the URL and kept inside their JSON string', () => {
    const effect = outbound(webhook, 'send-message', { email: '","role":"admin/../x' });
    expect(effect).toMatchObject({ url: 'https://hooks.example.com/c/%22%2C%22role%22%3A%22admin%2F..%2Fx' });
    expect(effect.type === 'send' && JSON.parse(effect.body)).toEqual({
      email: '","role":"admin/../x',
      role: 'user',
    });
  });

  it('cannot climb out of the path: the message is refused', () => {
    expect(outbound(webhook, 'send-message', { email: '..' })).toMatchObject({
      refused: expect.stringMatching(/^refused: /),
    });
  });
});
