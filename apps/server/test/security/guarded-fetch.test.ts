import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch, parseAllowList, refusedReason } from '../../src/outbound/index';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A listener on `host` whose paths `/hop/<n>` redirect n more times before answering 200. */
async function redirector(host: string, next: (path: string) => string | null) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    req.resume();
    const location = next(req.url ?? '');
    if (location) res.writeHead(req.url?.startsWith('/see-other') ? 303 : 302, { location }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('done');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const allowList = (text: string) => {
  const parsed = parseAllowList(text);
  if ('problems' in parsed) throw new Error(parsed.problems.join('; '));
  return parsed.list;
};

/** The refusal a guarded fetch fails with. */
async function refusal(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return refusedReason(error);
  }
}

describe('the guarded fetch', () => {
  let a: Awaited<ReturnType<typeof redirector>>;
  let b: Awaited<ReturnType<typeof redirector>>;
  beforeAll(async () => {
    b = await redirector('127.0.0.2', () => null);
    a = await redirector('127.0.0.1', (path) => {
      const hops = /^\/hop\/(\d+)$/.exec(path);
      if (hops) return Number(hops[1]) > 0 ? `/hop/${Number(hops[1]) - 1}` : null;
      if (path === '/see-other') return '/landed';
      if (path === '/elsewhere') return `http://127.0.0.2:${b.port}/there`;
      if (path === '/file') return 'file:///etc/passwd';
      return null;
    });
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('follows up to five redirects, each through the same check, and refuses a sixth', async () => {
    const fetch = createGuardedFetch(allowList('127.0.0.1'));
    const response = await fetch(`http://127.0.0.1:${a.port}/hop/5`);
    expect(await response.text()).toBe('done');
    expect(await refusal(fetch(`http://127.0.0.1:${a.port}/hop/6`))).toBe('more than 5 redirects');
  });

  it('hands a redirect back as it is when asked to', async () => {
    const fetch = createGuardedFetch(allowList('127.0.0.1'));
    const response = await fetch(`http://127.0.0.1:${a.port}/hop/1`, { redirect: 'manual' });
    expect(response.status).toBe(302);
  });

  it('turns a POST into a GET after 303, and drops credentials when the origin changes', async () => {
    const fetch = createGuardedFetch(allowList('127.0.0.1, 127.0.0.2'));
    await fetch(`http://127.0.0.1:${a.port}/see-other`, { method: 'POST', body: 'x' });
    expect(a.seen.at(-1)).toMatchObject({ method: 'GET', path: '/landed' });
    await fetch(`http://127.0.0.1:${a.port}/elsewhere`, { headers: { authorization: 'Bearer secret' } });
    expect(a.seen.at(-1)?.headers.authorization).toBe('Bearer secret');
    expect(b.seen.at(-1)).toMatchObject({ path: '/there' });
    expect(b.seen.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('refuses redirects to other schemes', async () => {
    const fetch = createGuardedFetch(allowList('127.0.0.1'));
    await expect(fetch(`http://127.0.0.1:${a.port}/file`)).rejects.toThrow(
      /file: address, which is not followed/,
    );
  });

  it('refuses internal addresses in every spelling unless allowed, before connecting', async () => {
    const fetch = createGuardedFetch(allowList(''));
    const before = a.seen.length;
    expect(await refusal(fetch(`http://127.0.0.1:${a.port}/x`))).toBe(
      'blocked: 127.0.0.1 is a loopback address',
    );
    expect(await refusal(fetch(`http://[::ffff:127.0.0.1]:${a.port}/x`))).toBe(
      'blocked: ::ffff:7f00:1 is a loopback address',
    );
    expect(await refusal(fetch(`http://localhost:${a.port}/x`))).toMatch(
      /^blocked: (127\.0\.0\.1|::1) is a loopback address$/,
    );
    expect(await refusal(fetch('http://10.1.2.3/x'))).toBe('blocked: 10.1.2.3 is a private address');
    expect(await refusal(fetch('http://100.64.0.1/x'))).toBe(
      'blocked: 100.64.0.1 is a carrier-grade NAT address',
    );
    expect(await refusal(fetch('http://[fd00:ec2::254]/x'))).toBe(
      'blocked: fd00:ec2::254 is a cloud metadata address',
    );
    expect(a.seen.length).toBe(before);
  });

  it('lets an allowed host name through whatever it resolves to, and an allowed range by address', async () => {
    const byName = createGuardedFetch(allowList('localhost'));
    expect((await byName(`http://localhost:${a.port}/hop/0`)).status).toBe(200);
    expect(await refusal(byName(`http://127.0.0.1:${a.port}/hop/0`))).toBe(
      'blocked: 127.0.0.1 is a loopback address',
    );
    const byRange = createGuardedFetch(allowList('127.0.0.0/8'));
    expect((await byRange(`http://127.0.0.1:${a.port}/hop/0`)).status).toBe(200);
  });
});
