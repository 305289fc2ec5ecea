import { type Db, invitations, type Role, workspaces } from '@stagecraft/db';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { hashSecret, newId, newSecret } from './ids';
import { normalizeEmail } from './users';

/** An invitation as listed: never its link secret. */
export interface InvitationRecord {
  id: string;
  workspaceId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/** An open invitation found by its link, with the workspace's name for the accept page. */
export interface OpenInvitation extends InvitationRecord {
  workspaceName: string;
}

/**
 * Invitations to a workspace. The link's secret is returned once, at creation, and stored only
 * as a hash; an invitation is open until accepted, withdrawn or expired.
 */
export function createInvitationsRepository(db: Db, now: () => number = Date.now) {
  const open = () =>
    and(
      isNull(invitations.acceptedAt),
      isNull(invitations.revokedAt),
      gt(invitations.expiresAt, new Date(now())),
    );

  return {
    /** Invites `email`, withdrawing their earlier open invitations to the same workspace. */
    async create(input: {
      workspaceId: string;
      email: string;
      role: Role;
      invitedBy: string | null;
      days: number;
    }): Promise<InvitationRecord & { token: string }> {
      const token = newSecret('sc_inv');
      const email = normalizeEmail(input.email);
      const at = now();
      const row = await db.transaction(async (tx) => {
        await tx
          .update(invitations)
          .set({ revokedAt: new Date(at) })
          .where(and(eq(invitations.workspaceId, input.workspaceId), eq(invitations.email, email), open()));
        const [inserted] = await tx
          .insert(invitations)
          .values({
            id: newId('inv'),
            workspaceId: input.workspaceId,
            email,
            role: input.role,
            tokenHash: hashSecret(token),
            invitedBy: input.invitedBy,
            createdAt: new Date(at),
            expiresAt: new Date(at + input.days * 86_400_000),
          })
          .returning();
        return inserted!;
      });
      return { ...toRecord(row), token };
    },

    /** The workspace's open invitations, newest first. */
    async listOpen(workspaceId: string): Promise<InvitationRecord[]> {
      const rows = await db
        .select()
        .from(invitations)
        .where(and(eq(invitations.workspaceId, workspaceId), open()))
        .orderBy(desc(invitations.createdAt));
      return rows.map(toRecord);
    },

    /** The open invitation behind a link, or null when unknown, used, withdrawn or expired. */
    async find(token: string): Promise<OpenInvitation | null> {
      const [row] = await db
        .select({ invitation: invitations, workspaceName: workspaces.name })
        .from(invitations)
        .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
        .where(and(eq(invitations.tokenHash, hashSecret(token)), open()))
        .limit(1);
      return row ? { ...toRecord(row.invitation), workspaceName: row.workspaceName } : null;
    },

    /** Marks an invitation used; false when another request used it first. */
    async accept(id: string): Promise<boolean> {
      const rows = await db
        .update(invitations)
        .set({ acceptedAt: new Date(now()) })
        .where(and(eq(invitations.id, id), open()))
        .returning({ id: invitations.id });
      return rows.length > 0;
    },

    /** Withdraws an open invitation of the workspace; false when there is none with this id. */
    async revoke(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .update(invitations)
        .set({ revokedAt: new Date(now()) })
        .where(and(eq(invitations.id, id), eq(invitations.workspaceId, workspaceId), open()))
        .returning({ id: invitations.id });
      return rows.length > 0;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;

function toRecord(row: typeof invitations.$inferSelect): InvitationRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}
