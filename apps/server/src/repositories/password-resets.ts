import { type Db, passwordResets } from '@stagecraft/db';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { hashSecret, newId, newSecret } from './ids';

/** How long a reset link works. */
export const RESET_MINUTES = 60;

/** Password reset links: the secret is returned once and stored as a hash; each link works once. */
export function createPasswordResetsRepository(db: Db, now: () => number = Date.now) {
  return {
    /** A new link secret for the person; earlier unused links stay valid until they expire. */
    async create(userId: string): Promise<string> {
      const token = newSecret('sc_reset');
      const at = now();
      await db.insert(passwordResets).values({
        id: newId('pwr'),
        userId,
        tokenHash: hashSecret(token),
        createdAt: new Date(at),
        expiresAt: new Date(at + RESET_MINUTES * 60_000),
      });
      return token;
    },

    /** Uses a link: the person it was made for, or null when unknown, used or expired. */
    async use(token: string): Promise<string | null> {
      const rows = await db
        .update(passwordResets)
        .set({ usedAt: new Date(now()) })
        .where(
          and(
            eq(passwordResets.tokenHash, hashSecret(token)),
            isNull(passwordResets.usedAt),
            gt(passwordResets.expiresAt, new Date(now())),
          ),
        )
        .returning({ userId: passwordResets.userId });
      return rows[0]?.userId ?? null;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type PasswordResetsRepository = ReturnType<typeof createPasswordResetsRepository>;
