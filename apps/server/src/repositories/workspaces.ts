import { type Db, workspaces } from '@stagecraft/db';
import { DEFAULT_STAGES, type Stage } from '@stagecraft/graph';
import { eq } from 'drizzle-orm';
import { newId } from './ids';

/** The workspace a fresh installation starts with. */
export const DEFAULT_WORKSPACE_ID = 'default';

/** A workspace as the API shows it. */
export interface WorkspaceRecord {
  id: string;
  name: string;
  timeZone: string;
  stages: Stage[];
  /** A marketer's publish waits for an admin's approval. */
  publishApproval: boolean;
  /** Days the audit trail keeps an entry before the retention job purges it. */
  auditRetentionDays: number;
}

/** Bounds of the audit retention setting: a day to ten years. */
export const AUDIT_RETENTION_DAYS = { min: 1, max: 3650 } as const;
/** The retention a workspace starts with (the column's default). */
export const AUDIT_RETENTION_DEFAULT = 365;

/** Workspaces: their name, fallback time zone and lifecycle stages. */
export function createWorkspacesRepository(db: Db) {
  return {
    async get(id: string): Promise<WorkspaceRecord | null> {
      const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id)).limit(1);
      return row
        ? {
            id: row.id,
            name: row.name,
            timeZone: row.timeZone,
            stages: sortStages(row.stages),
            publishApproval: row.publishApproval,
            auditRetentionDays: row.auditRetentionDays,
          }
        : null;
    },

    /**
     * Creates a workspace with the default stages, UTC and default settings (the other settings
     * read their defaults until changed); `createdBy` is the user or token that asked.
     */
    async create(name: string, createdBy: string): Promise<{ id: string; name: string }> {
      const [row] = await db
        .insert(workspaces)
        .values({ id: newId('ws'), name, stages: DEFAULT_STAGES, createdBy })
        .returning({ id: workspaces.id, name: workspaces.name });
      return row!;
    },

    /** True when `actorId` (a user or token id) created the workspace. */
    async createdBy(id: string, actorId: string): Promise<boolean> {
      const [row] = await db
        .select({ createdBy: workspaces.createdBy })
        .from(workspaces)
        .where(eq(workspaces.id, id))
        .limit(1);
      return row?.createdBy === actorId;
    },

    /** Creates the workspace with the default stages unless it exists; true when it was created. */
    async ensure(id: string, name: string): Promise<boolean> {
      const rows = await db
        .insert(workspaces)
        .values({ id, name, stages: DEFAULT_STAGES })
        .onConflictDoNothing()
        .returning({ id: workspaces.id });
      return rows.length > 0;
    },

    /** Renames the workspace and sets the zone used for customers without a valid one of their own. */
    async update(
      id: string,
      settings: { name: string; timeZone: string; publishApproval?: boolean; auditRetentionDays?: number },
    ): Promise<WorkspaceRecord | null> {
      await db
        .update(workspaces)
        .set({
          name: settings.name,
          timeZone: settings.timeZone,
          publishApproval: settings.publishApproval,
          ...(settings.auditRetentionDays === undefined
            ? {}
            : { auditRetentionDays: settings.auditRetentionDays }),
        })
        .where(eq(workspaces.id, id));
      return this.get(id);
    },

    /** Replaces the lifecycle stages (renamed, reordered, recoloured); `order` follows array order. */
    async setStages(id: string, stages: Stage[]): Promise<Stage[]> {
      const ordered = stages.map((stage, order) => ({ ...stage, order }));
      await db.update(workspaces).set({ stages: ordered }).where(eq(workspaces.id, id));
      return ordered;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type WorkspacesRepository = ReturnType<typeof createWorkspacesRepository>;

function sortStages(stages: Stage[]): Stage[] {
  return [...stages].sort((a, b) => a.order - b.order);
}
