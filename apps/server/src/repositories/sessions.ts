import { apiKeys, type Db, sessions } from '@stagecraft/db';
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { hashSecret, newId, newSecret } from './ids';

/** A signed-in editor: the workspace it acts in and the admin token it was exchanged for. */
export interface SessionRecord {
  id: string;
  workspaceId: string;
  /** The admin token signed in with; revoking it ends the session. */
  apiKeyId: string | null;
  /** Null until user accounts exist; then the person the session belongs to. */
  userId: string | null;
  expiresAt: string;
}

/**
 * The CSRF token of a session: derived from the cookie's secret, so it needs no storage, and
 * one-way, so a page that learns it cannot learn the cookie.
 */
export function csrfTokenOf(sessionSecret: string): string {
  return hashSecret(`csrf:${sessionSecret}`);
}

/**
 * Editor sessions: the cookie's secret is returned once, at sign-in, and only its hash is
 * stored. A session ends at its expiry, at sign-out (the row is deleted), or when its token is revoked.
 */
export function createSessionsRepository(db: Db, now: () => number = Date.now) {
  return {
    /** Opens a session for `hours`; the returned `secret` goes into the cookie and nowhere else. */
    async create(
      workspaceId: string,
      apiKeyId: string | null,
      hours: number,
    ): Promise<SessionRecord & { secret: string; csrfToken: string }> {
      const secret = newSecret('sc_sess');
      const at = now();
      // Expired rows are cleared as new ones arrive, so the table holds live sessions only.
      await db.delete(sessions).where(lt(sessions.expiresAt, new Date(at)));
      const [row] = await db
        .insert(sessions)
        .values({
          id: newId('ses'),
          workspaceId,
          tokenHash: hashSecret(secret),
          apiKeyId,
          createdAt: new Date(at),
          expiresAt: new Date(at + hours * 3_600_000),
        })
        .returning();
      return { ...toRecord(row!), secret, csrfToken: csrfTokenOf(secret) };
    },

    /** The live session for a cookie's secret, or null when unknown, expired, or its token was revoked. */
    async resolve(secret: string): Promise<SessionRecord | null> {
      const [row] = await db
        .select({ session: sessions })
        .from(sessions)
        .leftJoin(apiKeys, eq(apiKeys.id, sessions.apiKeyId))
        .where(
          and(
            eq(sessions.tokenHash, hashSecret(secret)),
            gt(sessions.expiresAt, new Date(now())),
            or(isNull(sessions.apiKeyId), isNull(apiKeys.revokedAt)),
          ),
        )
        .limit(1);
      return row ? toRecord(row.session) : null;
    },

    /** Ends the session for a cookie's secret (sign-out); true when there was one. */
    async delete(secret: string): Promise<boolean> {
      const rows = await db
        .delete(sessions)
        .where(eq(sessions.tokenHash, hashSecret(secret)))
        .returning({ id: sessions.id });
      return rows.length > 0;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type SessionsRepository = ReturnType<typeof createSessionsRepository>;

function toRecord(row: typeof sessions.$inferSelect): SessionRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    apiKeyId: row.apiKeyId,
    userId: row.userId,
    expiresAt: row.expiresAt.toISOString(),
  };
}
