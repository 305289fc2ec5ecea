import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords';

describe('passwords', () => {
  it('verifies the password a hash was made from, and no other', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash, and treats a malformed one as no match', async () => {
    expect(await hashPassword('same words here')).not.toBe(await hashPassword('same words here'));
    expect(await verifyPassword('anything', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$32768$8$1$')).toBe(false);
    expect(await verifyAgainstDecoy('anything')).toBe(false);
  });

  it('reads a password the same however its accents were composed', async () => {
    const hash = await hashPassword('caf\u00e9 au lait ok');
    expect(await verifyPassword('cafe\u0301 au lait ok', hash)).toBe(true);
  });
});
