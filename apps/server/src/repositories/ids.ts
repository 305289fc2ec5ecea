import { createHash, randomBytes } from 'node:crypto';

/** A short random id with a readable prefix, e.g. `jrn_4f9KqT2mZ1xA`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

/** A new secret credential: prefix plus 32 random bytes, so it cannot be guessed. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Credentials are stored only as this hash; a leaked database does not leak keys. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
