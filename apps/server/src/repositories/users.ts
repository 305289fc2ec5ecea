import { type Db, memberships, type Role, sessions, users, workspaces } from '@stagecraft/db';
import { and, asc, count, eq, ne } from 'drizzle-orm';
import { newId } from './ids';

/** A person as the API shows them: never the password hash. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

/** A person's place in a workspace. */
export interface MemberRecord extends UserRecord {
  role: Role;
  joinedAt: string;
}

/** A workspace someone belongs to, with their role there. */
export interface MembershipRecord {
  workspaceId: string;
  name: string;
  role: Role;
}

/** Emails are compared as written by people: case and surrounding spaces do not matter. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * People and their memberships of workspaces. Password hashes enter and leave only through
 * `create`, `setPassword` and `credentials`, never through a listing.
 */
export function createUsersRepository(db: Db, now: () => number = Date.now) {
  return {
    /** True once anyone has an account: from then on the admin token no longer opens the editor. */
    async any(): Promise<boolean> {
      const [row] = await db.select({ id: users.id }).from(users).limit(1);
      return row !== undefined;
    },

    /** Creates an account; null when the email is taken. */
    async create(input: {
      email: string;
      name: string;
      passwordHash: string | null;
    }): Promise<UserRecord | null> {
      const rows = await db
        .insert(users)
        .values({
          id: newId('usr'),
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          passwordHash: input.passwordHash,
          createdAt: new Date(now()),
          passwordChangedAt: input.passwordHash ? new Date(now()) : null,
        })
        .onConflictDoNothing()
        .returning();
      return rows[0] ? toUser(rows[0]) : null;
    },

    async get(id: string): Promise<UserRecord | null> {
      const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
      return row ? toUser(row) : null;
    },

    async byEmail(email: string): Promise<UserRecord | null> {
      const [row] = await db
        .select()
        .from(users)
        .where(eq(users.email, normalizeEmail(email)))
        .limit(1);
      return row ? toUser(row) : null;
    },

    /** The account and its password hash, for checking a sign-in. */
    async credentials(email: string): Promise<(UserRecord & { passwordHash: string | null }) | null> {
      const [row] = await db
        .select()
        .from(users)
        .where(eq(users.email, normalizeEmail(email)))
        .limit(1);
      return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
    },

    /** Replaces the password and ends every session of the person (a reset signs out everywhere). */
    async setPassword(userId: string, passwordHash: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ passwordHash, passwordChangedAt: new Date(now()) })
          .where(eq(users.id, userId));
        await tx.delete(sessions).where(eq(sessions.userId, userId));
      });
    },

    /** The person's role in a workspace, or null when they are not a member. */
    async role(workspaceId: string, userId: string): Promise<Role | null> {
      const [row] = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
        .limit(1);
      return row?.role ?? null;
    },

    /** The workspaces a person belongs to, by name. */
    async memberships(userId: string): Promise<MembershipRecord[]> {
      return db
        .select({ workspaceId: workspaces.id, name: workspaces.name, role: memberships.role })
        .from(memberships)
        .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
        .where(eq(memberships.userId, userId))
        .orderBy(asc(workspaces.name), asc(workspaces.id));
    },

    /** Adds the person to a workspace, or changes the role they hold there. */
    async setMembership(workspaceId: string, userId: string, role: Role): Promise<void> {
      await db
        .insert(memberships)
        .values({ workspaceId, userId, role, createdAt: new Date(now()) })
        .onConflictDoUpdate({ target: [memberships.workspaceId, memberships.userId], set: { role } });
    },

    /** Removes the person from a workspace and ends their sessions there; true when they were a member. */
    async removeMembership(workspaceId: string, userId: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const rows = await tx
          .delete(memberships)
          .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
          .returning({ userId: memberships.userId });
        await tx
          .delete(sessions)
          .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId)));
        return rows.length > 0;
      });
    },

    /** The workspace's people, by email. */
    async members(workspaceId: string): Promise<MemberRecord[]> {
      const rows = await db
        .select({ user: users, role: memberships.role, joinedAt: memberships.createdAt })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.workspaceId, workspaceId))
        .orderBy(asc(users.email));
      return rows.map((row) => ({
        ...toUser(row.user),
        role: row.role,
        joinedAt: row.joinedAt.toISOString(),
      }));
    },

    /** How many owners the workspace has other than `userId`: the last owner cannot be demoted or removed. */
    async otherOwners(workspaceId: string, userId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(memberships)
        .where(
          and(
            eq(memberships.workspaceId, workspaceId),
            eq(memberships.role, 'owner'),
            ne(memberships.userId, userId),
          ),
        );
      return row?.n ?? 0;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type UsersRepository = ReturnType<typeof createUsersRepository>;

function toUser(row: typeof users.$inferSelect): UserRecord {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.createdAt.toISOString() };
}
