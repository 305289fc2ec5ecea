import { type Db, suppressions } from '@stagecraft/db';
import { and, desc, eq } from 'drizzle-orm';

/** A suppressed address as listed. */
export interface SuppressionRecord {
  channel: string;
  address: string;
  reason: string;
  messageId: string | null;
  createdAt: string;
}

/** Addresses no message goes to; the delivery path adds them, people remove them. */
export function createSuppressionsRepository(db: Db) {
  return {
    /** Newest first, optionally of one channel. */
    async list(
      workspaceId: string,
      options: { channel?: string; limit: number },
    ): Promise<SuppressionRecord[]> {
      const rows = await db
        .select()
        .from(suppressions)
        .where(
          and(
            eq(suppressions.workspaceId, workspaceId),
            options.channel ? eq(suppressions.channel, options.channel) : undefined,
          ),
        )
        .orderBy(desc(suppressions.createdAt))
        .limit(options.limit);
      return rows.map(({ workspaceId: _w, createdAt, ...row }) => ({
        ...row,
        createdAt: createdAt.toISOString(),
      }));
    },

    /** Removes one; false when the workspace has no such suppression. */
    async remove(workspaceId: string, channel: string, address: string): Promise<boolean> {
      const removed = await db
        .delete(suppressions)
        .where(
          and(
            eq(suppressions.workspaceId, workspaceId),
            eq(suppressions.channel, channel),
            eq(suppressions.address, address),
          ),
        )
        .returning({ address: suppressions.address });
      return removed.length > 0;
    },
  };
}
