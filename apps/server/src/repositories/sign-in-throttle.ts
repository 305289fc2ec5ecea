import { type Db, signInFailures } from '@stagecraft/db';
import { eq, inArray, sql } from 'drizzle-orm';

/** How many failures a key may have within the window before it is locked for the window. */
export interface ThrottlePolicy {
  perAccount: number;
  perAddress: number;
  /** Reset emails to one address per window, so nobody can flood someone's inbox with them. */
  resetsPerAccount: number;
  windowMinutes: number;
}

/** Five wrong passwords for one account, or thirty from one address, in 15 minutes lock it for 15. */
export const DEFAULT_THROTTLE: ThrottlePolicy = {
  perAccount: 5,
  perAddress: 30,
  resetsPerAccount: 3,
  windowMinutes: 15,
};

const accountKey = (email: string) => `account:${email}`;
const addressKey = (address: string) => `address:${address}`;
const resetKey = (email: string) => `reset:${email}`;

/**
 * Sign-in throttling per account and per client address, kept in the database so every process
 * counts the same failures. Guessing one account's password from many addresses, or many
 * accounts' from one address, both run into a lock.
 */
export function createSignInThrottle(db: Db, now: () => number = Date.now, policy = DEFAULT_THROTTLE) {
  const windowMs = policy.windowMinutes * 60_000;

  /** Seconds until the latest lock among `keys` ends; 0 when none is locked. */
  async function lockedFor(keys: string[]): Promise<number> {
    const rows = await db
      .select({ lockedUntil: signInFailures.lockedUntil })
      .from(signInFailures)
      .where(inArray(signInFailures.key, keys));
    const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
    return until > now() ? Math.ceil((until - now()) / 1000) : 0;
  }

  /** Counts one attempt against `key` in its window, locking it for a window once it reaches `limit`. */
  async function count(key: string, limit: number): Promise<void> {
    const at = new Date(now());
    const lockUntil = new Date(now() + windowMs);
    const windowStart = sql`${new Date(now() - windowMs).toISOString()}::timestamptz`;
    const atSql = sql`${at.toISOString()}::timestamptz`;
    const lockSql = sql`${lockUntil.toISOString()}::timestamptz`;
    // One statement, so concurrent attempts from several processes all count.
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

  return {
    /** Seconds to wait before trying again, or 0 when neither the account nor the address is locked. */
    retryAfter: (email: string, address: string) => lockedFor([accountKey(email), addressKey(address)]),

    /** Counts a failure against both keys, locking the ones that reach their limit. */
    async fail(email: string, address: string): Promise<void> {
      await count(accountKey(email), policy.perAccount);
      await count(addressKey(address), policy.perAddress);
    },

    /** A successful sign-in or reset clears the account's failures (the address keeps its count). */
    async succeed(email: string): Promise<void> {
      await db.delete(signInFailures).where(eq(signInFailures.key, accountKey(email)));
    },

    /**
     * Whether another reset email may go to `email` in this window (at most `resetsPerAccount`),
     * counting this one. Apart from sign-in failures: a locked account can still ask for a reset.
     */
    async allowReset(email: string): Promise<boolean> {
      if ((await lockedFor([resetKey(email)])) > 0) return false;
      await count(resetKey(email), policy.resetsPerAccount);
      return true;
    },
  };
}

/** The throttle's type, for decorators and tests. */
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
