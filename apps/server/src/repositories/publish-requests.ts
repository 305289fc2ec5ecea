import { type Db, type PublishRequestStatus, publishRequests, users } from '@stagecraft/db';
import { and, desc, eq } from 'drizzle-orm';
import { newId } from './ids';

/** A publish waiting for approval, or decided. */
export interface PublishRequestRecord {
  id: string;
  journeyId: string;
  status: PublishRequestStatus;
  revision: number;
  document: Record<string, unknown>;
  requestedBy: { id: string; email: string; name: string } | null;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  version: number | null;
}

/**
 * Publish requests of workspaces that require approval. A journey has at most one pending
 * request: asking again replaces it (the earlier one is withdrawn).
 */
export function createPublishRequestsRepository(db: Db, now: () => number = Date.now) {
  const select = () =>
    db
      .select({ request: publishRequests, user: { id: users.id, email: users.email, name: users.name } })
      .from(publishRequests)
      .leftJoin(users, eq(users.id, publishRequests.requestedBy));

  /** The request `id` of the journey while it is pending. */
  const pendingRequest = (workspaceId: string, journeyId: string, id: string) =>
    and(
      eq(publishRequests.id, id),
      eq(publishRequests.workspaceId, workspaceId),
      eq(publishRequests.journeyId, journeyId),
      eq(publishRequests.status, 'pending'),
    );

  return {
    /** Files the draft as it is now for approval, withdrawing the journey's earlier pending request. */
    async create(input: {
      workspaceId: string;
      journeyId: string;
      document: Record<string, unknown>;
      revision: number;
      requestedBy: string | null;
    }): Promise<string> {
      const id = newId('pub');
      await db.transaction(async (tx) => {
        await tx
          .update(publishRequests)
          .set({ status: 'withdrawn', decidedAt: new Date(now()), decidedBy: input.requestedBy })
          .where(
            and(
              eq(publishRequests.workspaceId, input.workspaceId),
              eq(publishRequests.journeyId, input.journeyId),
              eq(publishRequests.status, 'pending'),
            ),
          );
        await tx.insert(publishRequests).values({ id, ...input, createdAt: new Date(now()) });
      });
      return id;
    },

    /** The journey's requests, newest first. */
    async list(workspaceId: string, journeyId: string, limit = 20): Promise<PublishRequestRecord[]> {
      const rows = await select()
        .where(and(eq(publishRequests.workspaceId, workspaceId), eq(publishRequests.journeyId, journeyId)))
        .orderBy(desc(publishRequests.createdAt), desc(publishRequests.id))
        .limit(limit);
      return rows.map((row) => toRecord(row.request, row.user));
    },

    /** One pending request of the journey, or null. */
    async pending(workspaceId: string, journeyId: string, id: string): Promise<PublishRequestRecord | null> {
      const [row] = await select()
        .where(pendingRequest(workspaceId, journeyId, id))
        .limit(1);
      return row ? toRecord(row.request, row.user) : null;
    },

    /** Records the decision on a pending request of the journey; false when there is none (or it was decided meanwhile). */
    async decide(
      workspaceId: string,
      journeyId: string,
      id: string,
      decision: { status: 'approved' | 'rejected'; decidedBy: string | null; note?: string },
    ): Promise<boolean> {
      const rows = await db
        .update(publishRequests)
        .set({
          status: decision.status,
          decidedBy: decision.decidedBy,
          decidedAt: new Date(now()),
          note: decision.note ?? null,
        })
        .where(pendingRequest(workspaceId, journeyId, id))
        .returning({ id: publishRequests.id });
      return rows.length > 0;
    },

    /** Notes the version an approved request published. */
    async published(id: string, version: number): Promise<void> {
      await db.update(publishRequests).set({ version }).where(eq(publishRequests.id, id));
    },

    /** Puts an approved request back to pending when publishing it failed. */
    async reopen(id: string): Promise<void> {
      await db
        .update(publishRequests)
        .set({ status: 'pending', decidedBy: null, decidedAt: null })
        .where(and(eq(publishRequests.id, id), eq(publishRequests.status, 'approved')));
    },
  };
}

/** The repository's type, for decorators and tests. */
export type PublishRequestsRepository = ReturnType<typeof createPublishRequestsRepository>;

function toRecord(
  row: typeof publishRequests.$inferSelect,
  user: { id: string; email: string; name: string } | null,
): PublishRequestRecord {
  return {
    id: row.id,
    journeyId: row.journeyId,
    status: row.status,
    revision: row.revision,
    document: row.document,
    requestedBy: user,
    createdAt: row.createdAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    note: row.note,
    version: row.version,
  };
}
