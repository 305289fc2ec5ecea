import { type Db, signInFailures } from '@stagecraft/db';
import { eq, inArray, sql } from 'drizzle-orm';

/** How many failures a key may have within the window before it is locked for the window. */
export interface ThrottlePolicy {
  perAccount: number;
  perAddress: number;
  windowMinutes: number;
}

/** Five wrong passwords for one account, or thirty from one address, in 15 minutes lock it for 15. */
export const DEFAULT_THROTTLE: ThrottlePolicy = { perAccount: 5, perAddress: 30, windowMinutes: 15 };

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * Sign-in throttling per account and per client address, kept in the database so every process
 * counts the same failures. Guessing one account's password from many addresses, or many
 * accounts' from one address, both run into a lock.
 */
export function createSignInThrottle(db: Db, now: () => number = Date.now, policy = DEFAULT_THROTTLE) {
  const windowMs = policy.windowMinutes * 60_000;
  return {
    /** Seconds to wait before trying again, or 0 when neither the account nor the address is locked. */
    async retryAfter(email: string, address: string): Promise<number> {
      const rows = await db
        .select({ lockedUntil: signInFailures.lockedUntil })
        .from(signInFailures)
        .where(inArray(signInFailures.key, [accountKey(email), addressKey(address)]));
      const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
      return until > now() ? Math.ceil((until - now()) / 1000) : 0;
    },

    /** Counts a failure against both keys, locking the ones that reach their limit. */
    async fail(email: string, address: string): Promise<void> {
      const at = new Date(now());
      const lockUntil = new Date(now() + windowMs);
      const windowStart = sql`${new Date(now() - windowMs).toISOString()}::timestamptz`;
      const atSql = sql`${at.toISOString()}::timestamptz`;
      const lockSql = sql`${lockUntil.toISOString()}::timestamptz`;
      for (const [key, limit] of [
        [accountKey(email), policy.perAccount],
        [addressKey(address), policy.perAddress],
      ] as const) {
        // One statement, so concurrent failures from several processes all count.
        await db
          .insert(signInFailures)
          .values({ key, failures: 1, windowStartedAt: at, lockedUntil: limit <= 1 ? lockUntil : null })
          .onConflictDoUpdate({
            target: signInFailures.key,
            set: {
              failures: sql`case when ${signInFailures.windowStartedAt} < ${windowStart} then 1 else ${signInFailures.failures} + 1 end`,
              windowStartedAt: sql`case when ${signInFailures.windowStartedAt} < ${windowStart} then ${atSql} else ${signInFailures.windowStartedAt} end`,
              lockedUntil: sql`case when ${signInFailures.windowStartedAt} >= ${windowStart} and ${signInFailures.failures} + 1 >= ${limit} then ${lockSql} else ${signInFailures.lockedUntil} end`,
            },
          });
      }
    },

    /** A successful sign-in clears the account's failures (the address keeps its count). */
    async succeed(email: string): Promise<void> {
      await db.delete(signInFailures).where(eq(signInFailures.key, accountKey(email)));
    },
  };
}

/** The throttle's type, for decorators and tests. */
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
