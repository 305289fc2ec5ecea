import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link in a message stands for: whose message, on which channel, and (clicks) where to. */
export interface LinkPayload {
  /** workspace, customer, message id, channel */
  w: string;
  c: string;
  m: string;
  ch: string;
  /** Click links only: the destination, fixed by the signature (no open redirect). */
  u?: string;
}

/**
 * Signs and reads the tokens in unsubscribe, open, click and status-callback links:
 * `<payload, base64url JSON>.<HMAC-SHA256, base64url>` under a key derived from the secrets key.
 * A token cannot be altered (another customer, another destination) without failing the check.
 */
export function createLinkSigner(secretsKey: string) {
  const key = createHmac('sha256', secretsKey).update('stagecraft-links').digest();
  const mac = (data: string) => createHmac('sha256', key).update(data).digest().subarray(0, 20);
  return {
    sign(payload: LinkPayload): string {
      const data = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${data}.${mac(data).toString('base64url')}`;
    },
    /** The payload of a valid token, else null. */
    verify(token: string): LinkPayload | null {
      const [data, signature] = token.split('.');
      if (!data || !signature || token.length > 8_000) return null;
      const expected = mac(data);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as LinkPayload;
        return typeof payload.w === 'string' && typeof payload.c === 'string' && typeof payload.m === 'string'
          ? payload
          : null;
      } catch {
        return null;
      }
    },
  };
}

export type LinkSigner = ReturnType<typeof createLinkSigner>;

/** The server paths links point at, below the public URL; the token follows as `?t=`. */
export const LINK_PATHS = {
  unsubscribe: '/u?t=',
  open: '/t/o?t=',
  click: '/t/c?t=',
  status: '/hooks/delivery-status?t=',
} as const;
