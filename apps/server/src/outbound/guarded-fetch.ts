import { Agent, fetch as undiciFetch } from 'undici';
import type { AllowList } from './allow-list';
import { BlockedAddressError, guardedConnector } from './connector';

/** A fetch whose every connection is checked; the same signature as the global one. */
export type GuardedFetch = typeof globalThis.fetch;

/** Redirects followed per request; each hop's connection is checked like the first. */
export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers a redirect to another origin must not carry (as browsers do). */
const CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Builds the one fetch every outbound request uses. Connections to internal addresses are
 * refused unless allow-listed; redirects are followed up to MAX_REDIRECTS hops (to http and
 * https only), each hop connecting through the same check, or returned as they are when the
 * caller asks for `redirect: 'manual'`.
 */
export function createGuardedFetch(list: AllowList): GuardedFetch {
  const dispatcher = new Agent({ connect: guardedConnector(list) });
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const first = input instanceof Request ? await fromRequest(input, init) : { url: String(input), init };
    let url = new URL(first.url);
    let request = { ...first.init };
    const mode = request.redirect ?? 'follow';
    for (let hop = 0; ; hop++) {
      const response = (await undiciFetch(url, {
        ...(request as object),
        redirect: 'manual',
        dispatcher,
      })) as unknown as Response;
      const location = response.headers.get('location');
      if (mode === 'manual' || !REDIRECTS.has(response.status) || location === null) return response;
      await response.body?.cancel();
      if (mode === 'error') throw new TypeError(`redirected to ${location}, and redirects were refused`);
      if (hop >= MAX_REDIRECTS) throw new TooManyRedirectsError(`more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new TypeError(`redirected to a ${next.protocol} address, which is not followed`);
      }
      request = redirected(request, response.status, url, next);
      url = next;
    }
  };
  return guarded as GuardedFetch;
}

/** A redirect loop or chain longer than MAX_REDIRECTS; never worth retrying. */
export class TooManyRedirectsError extends Error {
  override name = 'TooManyRedirectsError';
}

/** The refusal carried by a fetch error (`blocked: ...`, too many redirects), or null for other errors. */
export function refusedReason(error: unknown): string | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof BlockedAddressError || e instanceof TooManyRedirectsError) return e.message;
  }
  return null;
}

/** The next hop's request: 303 (and 301/302 after POST) become GET without a body, as in browsers. */
function redirected(init: RequestInit, status: number, from: URL, to: URL): RequestInit {
  const method = (init.method ?? 'GET').toUpperCase();
  const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  const headers = new Headers(init.headers);
  if (to.origin !== from.origin) for (const name of CREDENTIALS) headers.delete(name);
  if (toGet) {
    headers.delete('content-type');
    headers.delete('content-length');
    return { ...init, method: status === 303 && method === 'HEAD' ? 'HEAD' : 'GET', body: null, headers };
  }
  if (init.body instanceof ReadableStream)
    throw new TypeError('cannot follow a redirect with a streamed body');
  return { ...init, headers };
}

async function fromRequest(request: Request, init: RequestInit): Promise<{ url: string; init: RequestInit }> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return {
    url: request.url,
    init: {
      method: request.method,
      headers: request.headers,
      body: hasBody ? await request.arrayBuffer() : null,
      signal: request.signal,
      redirect: request.redirect,
      ...init,
    },
  };
}
