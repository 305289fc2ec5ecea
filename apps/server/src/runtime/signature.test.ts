import { describe, expect, it } from 'vitest';
import { sign, verifySignature } from './signature';

const secrets = { workspace: 'workspace-secret-0123456789', server: 'server-secret-0123456789' };
const request = { method: 'POST', url: 'https://hooks.example.com/in?x=1', body: '{"a":1}' };
const NOW = Date.UTC(2026, 0, 1);

describe('signatures', () => {
  const header = sign(secrets, request, NOW);

  it('carries the time, the deprecated v1 and v2', () => {
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v2=[0-9a-f]{64}$/);
  });

  it('verify the v2 part with the workspace secret', () => {
    expect(verifySignature(secrets.workspace, request, header, NOW)).toBe(true);
    expect(verifySignature(secrets.server, request, header, NOW)).toBe(false);
  });

  it('cover the method, the URL and the body', () => {
    expect(verifySignature(secrets.workspace, { ...request, method: 'PUT' }, header, NOW)).toBe(false);
    expect(
      verifySignature(
        secrets.workspace,
        { ...request, url: 'https://hooks.example.com/in?x=2' },
        header,
        NOW,
      ),
    ).toBe(false);
    expect(verifySignature(secrets.workspace, { ...request, body: '{"a":2}' }, header, NOW)).toBe(false);
  });

  it('are refused more than five minutes old or ahead', () => {
    expect(verifySignature(secrets.workspace, request, header, NOW + 299_000)).toBe(true);
    expect(verifySignature(secrets.workspace, request, header, NOW + 301_000)).toBe(false);
    expect(verifySignature(secrets.workspace, request, header, NOW - 301_000)).toBe(false);
  });

  it('are refused when malformed', () => {
    for (const bad of ['', 't=1', `t=abc,v2=${'0'.repeat(64)}`, header.replace(/v2=[0-9a-f]+/, 'v2=zz')]) {
      expect(verifySignature(secrets.workspace, request, bad, NOW)).toBe(false);
    }
  });
});
