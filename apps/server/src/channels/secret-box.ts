import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Seals text with AES-256-GCM under a key derived from `key`: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function seal(key: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(key), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Opens what `seal` made with the same key; throws when the key differs or the text was altered. */
export function unseal(key: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', derive(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** How a secret is shown: four dots and its last four characters. */
export function mask(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

/** True for a value `mask` made: sent back unchanged, it keeps the stored secret. */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('••••');
}

function derive(key: string): Buffer {
  return createHash('sha256').update(`stagecraft-provider-secrets:${key}`).digest();
}
