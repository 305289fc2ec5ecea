import { apiKeys, type Db, memberships, type Role, sessions } from '@stagecraft/db';
import { and, eq, gt, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { hashSecret, newId, newSecret } from './ids';

/** A signed-in editor: the workspace it acts in, and the person or admin token behind it. */
export interface SessionRecord {
  id: string;
  workspaceId: string;
  /** The admin token signed in with (first run, before any account exists); revoking it ends the session. */
  apiKeyId: string | null;
  /** The person signed in; null for a session opened with an admin token. */
  userId: string | null;
  /** The person's role in the workspace; a token session acts as the workspace's owner. */
  role: Role;
  expiresAt: string;
}

/** Who a session is opened for: a person, or (first run only) an admin token. */
export type SessionOwner = { userId: string; apiKeyId?: never } | { apiKeyId: string; userId?: never };

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
      owner: SessionOwner,
      hours: number,
    ): Promise<{ id: string; expiresAt: string; secret: string; csrfToken: string }> {
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
          apiKeyId: owner.apiKeyId ?? null,
          userId: owner.userId ?? null,
          createdAt: new Date(at),
          expiresAt: new Date(at + hours * 3_600_000),
        })
        .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
      return { id: row!.id, expiresAt: row!.expiresAt.toISOString(), secret, csrfToken: csrfTokenOf(secret) };
    },

    /**
     * The live session for a cookie's secret, with the person's current role; null when unknown,
     * expired, its token was revoked, or its person no longer belongs to the workspace.
     */
    async resolve(secret: string): Promise<SessionRecord | null> {
      const [row] = await db
        .select({ session: sessions, role: memberships.role, tokenRole: apiKeys.role })
        .from(sessions)
        .leftJoin(apiKeys, eq(apiKeys.id, sessions.apiKeyId))
        .leftJoin(
          memberships,
          and(eq(memberships.workspaceId, sessions.workspaceId), eq(memberships.userId, sessions.userId)),
        )
        .where(
          and(
            eq(sessions.tokenHash, hashSecret(secret)),
            gt(sessions.expiresAt, new Date(now())),
            or(
              and(isNotNull(sessions.apiKeyId), isNull(apiKeys.revokedAt)),
              and(isNotNull(sessions.userId), isNotNull(memberships.role)),
            ),
          ),
        )
        .limit(1);
      if (!row) return null;
      // A person acts with their membership's role; a session opened with a token, with the token's.
      return { ...toRecord(row.session), role: row.role ?? row.tokenRole ?? 'owner' };
    },

    /** Moves a session to another workspace (the caller checked membership). */
    async switchWorkspace(id: string, workspaceId: string): Promise<void> {
      await db.update(sessions).set({ workspaceId }).where(eq(sessions.id, id));
    },

    /** Ends every session of a person, in every browser (sign out everywhere); the count ended. */
    async deleteForUser(userId: string): Promise<number> {
      const rows = await db
        .delete(sessions)
        .where(eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      return rows.length;
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

function toRecord(row: typeof sessions.$inferSelect): Omit<SessionRecord, 'role'> {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    apiKeyId: row.apiKeyId,
    userId: row.userId,
    expiresAt: row.expiresAt.toISOString(),
  };
}
