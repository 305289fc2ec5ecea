import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Header carrying `t=<unix seconds>,v1=<hex>,v2=<hex>`. v2 is HMAC-SHA256 with the workspace's
 * signing secret over `${t}.${method}.${url}.${body}`; v1 (deprecated, dropped in the next
 * release) is HMAC-SHA256 with the server's secret over `${t}.${body}`.
 */
export const SIGNATURE_HEADER = 'X-Stagecraft-Signature';

/** How far a signature's timestamp may be from the receiver's clock, either way. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** What a signature covers. `body` is the exact text sent ('' when there is none). */
export interface SignedRequest {
  method: string;
  url: string;
  body: string;
}

/** Secrets used to sign: the workspace's (v2) and the server's (v1, deprecated). */
export interface SigningSecrets {
  workspace: string;
  server: string;
}

/** Signs an outbound request so receivers can check it came from this Stagecraft, unaltered and recent. */
export function sign(secrets: SigningSecrets, request: SignedRequest, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = hmac(secrets.server, `${t}.${request.body}`);
  return `t=${t},v1=${v1},v2=${hmac(secrets.workspace, v2Payload(t, request))}`;
}

/**
 * Checks a signature header's v2 part against the request as received, with the workspace's
 * signing secret; a timestamp more than five minutes old or ahead of `nowMs` is rejected.
 */
export function verifySignature(
  secret: string,
  request: SignedRequest,
  header: string,
  nowMs: number = Date.now(),
): boolean {
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = parts.get('t');
  const v2 = parts.get('v2');
  if (!t || !v2 || !/^\d{1,12}$/.test(t)) return false;
  if (Math.abs(nowMs - Number(t) * 1000) > SIGNATURE_TOLERANCE_MS) return false;
  const expected = Buffer.from(hmac(secret, v2Payload(Number(t), request)), 'hex');
  const given = Buffer.from(v2, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function v2Payload(t: number, request: SignedRequest): string {
  return `${t}.${request.method.toUpperCase()}.${request.url}.${request.body}`;
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
