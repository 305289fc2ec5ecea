import { type GuardedFetch, refusedReason } from '../outbound/index';
import { SIGNATURE_HEADER, type SigningSecrets, sign } from './signature';

/** What came of one outbound call. `retry` is false when trying again cannot help (most 4xx). */
export type CallOutcome =
  | ({ ok: true; status: number | null; data: unknown } & PluginChoice)
  | ({ ok: false; retry: boolean; error: string; status: number | null; data?: unknown } & PluginChoice);

/** What a plugin step's result may add: the port to continue on, traits to write to the profile. */
export interface PluginChoice {
  port?: string;
  profile?: Record<string, unknown>;
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  idempotencyKey: string;
}

/** Statuses worth retrying: timeouts, rate limits, server errors. */
const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/** How a call goes out: the guarded fetch, the signing secrets, the clock. */
export interface CallDeps {
  fetch: GuardedFetch;
  secrets: SigningSecrets;
  nowMs: number;
}

/**
 * Calls a URL through the guarded fetch with a timeout, an Idempotency-Key header and a
 * signature over the method, URL and body, and reads the response (JSON when it parses). A
 * refused connection (an internal address) fails without retry. Never throws.
 */
export async function callOut(request: OutboundRequest, deps: CallDeps): Promise<CallOutcome> {
  const hasBody = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD';
  const body = hasBody ? (request.body ?? '') : '';
  // Signed as it goes on the wire (URL parsing lower-cases the host, encodes spaces, ...), which
  // is what the receiver can rebuild.
  const url = canonicalUrl(request.url);
  const signed = { method: request.method, url, body };
  const headers: Record<string, string> = {
    'user-agent': 'Stagecraft',
    'content-type': looksLikeJson(body) ? 'application/json' : 'text/plain; charset=utf-8',
    ...request.headers,
    'idempotency-key': request.idempotencyKey,
    [SIGNATURE_HEADER.toLowerCase()]: sign(deps.secrets, signed, deps.nowMs),
  };
  try {
    const response = await deps.fetch(url, {
      method: request.method,
      headers,
      body: hasBody ? body : undefined,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await readBounded(response, MAX_RESPONSE_BYTES);
    const data = parse(text);
    if (response.ok) return { ok: true, status: response.status, data };
    return {
      ok: false,
      retry: RETRYABLE(response.status),
      status: response.status,
      data,
      error: `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
    };
  } catch (error) {
    const refused = refusedReason(error);
    if (refused) return { ok: false, retry: false, status: null, error: refused };
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    const message = timedOut
      ? `timed out after ${request.timeoutMs} ms`
      : `${error instanceof Error ? error.message : String(error)}${cause}`;
    return { ok: false, retry: true, status: null, error: message };
  }
}

function canonicalUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

function looksLikeJson(body: string): boolean {
  const first = body.trimStart()[0];
  return (first === '{' || first === '[') && parse(body) !== body;
}

function parse(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Responses are read up to this size; the rest is dropped so a huge answer cannot exhaust memory. */
const MAX_RESPONSE_BYTES = 256 * 1024;

async function readBounded(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
