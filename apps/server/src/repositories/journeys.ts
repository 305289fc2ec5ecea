import {
  type AuditActorKind,
  apiKeys,
  type Database,
  type JourneyStatus,
  journeyRuns,
  journeys,
  journeyVersions,
} from '@stagecraft/db';
import { and, count, desc, eq, inArray, max, ne, sql } from 'drizzle-orm';
import { newId } from './ids';

type Document = Record<string, unknown>;

/** A journey as listed. Times are ISO 8601. */
export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyStatus;
  publishedVersion: number | null;
  revision: number;
  activeCustomers: number;
  createdAt: string;
  updatedAt: string;
}

/** Who published a version: a user or an API token, and the token's name. */
export interface Publisher {
  kind: AuditActorKind;
  id: string;
  /** The API token's name; null for users (the people list has their names). */
  name: string | null;
}

/** A published version, without its document. */
export interface VersionSummary {
  version: number;
  hash: string;
  publishedAt: string;
  /** Null for versions published before publishers were kept. */
  publishedBy: Publisher | null;
}

/** A journey with its draft document and the versions it has published. */
export interface JourneyRecord extends JourneySummary {
  document: Document;
  versions: VersionSummary[];
}

/** A published version with its frozen document. */
export interface VersionRecord extends VersionSummary {
  document: Document;
}

/** What a status change needs: the statuses it may start from. */
export type StatusChange = { from: JourneyStatus[]; to: JourneyStatus };

/**
 * Journeys and their immutable versions. Drafts are saved with optimistic concurrency: a save
 * names the revision it started from and fails when someone saved in between.
 */
export function createJourneysRepository(database: Database, now: () => number = Date.now) {
  const { db } = database;

  async function activeCounts(workspaceId: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ journeyId: journeyRuns.journeyId, active: count() })
      .from(journeyRuns)
      .where(
        and(
          eq(journeyRuns.workspaceId, workspaceId),
          inArray(journeyRuns.journeyId, ids),
          eq(journeyRuns.status, 'active'),
        ),
      )
      .groupBy(journeyRuns.journeyId);
    return new Map(rows.map((row) => [row.journeyId, Number(row.active)]));
  }

  async function row(workspaceId: string, id: string) {
    const [found] = await db
      .select()
      .from(journeys)
      .where(and(eq(journeys.id, id), eq(journeys.workspaceId, workspaceId)))
      .limit(1);
    return found ?? null;
  }

  /** Published versions, newest first. */
  async function versions(workspaceId: string, id: string): Promise<VersionSummary[]> {
    const rows = await db
      .select({
        version: journeyVersions.version,
        hash: journeyVersions.hash,
        publishedAt: journeyVersions.publishedAt,
        publishedBy: journeyVersions.publishedBy,
        tokenName: apiKeys.name,
      })
      .from(journeyVersions)
      .leftJoin(
        apiKeys,
        and(
          eq(apiKeys.workspaceId, journeyVersions.workspaceId),
          sql`${apiKeys.id} = ${journeyVersions.publishedBy}->>'id'`,
        ),
      )
      .where(and(eq(journeyVersions.journeyId, id), eq(journeyVersions.workspaceId, workspaceId)))
      .orderBy(desc(journeyVersions.version));
    return rows.map((r) => ({
      version: r.version,
      hash: r.hash,
      publishedAt: r.publishedAt.toISOString(),
      publishedBy: r.publishedBy && {
        ...r.publishedBy,
        name: r.publishedBy.kind === 'token' ? (r.tokenName ?? null) : null,
      },
    }));
  }

  return {
    versions,

    /** True when the workspace has this journey. */
    exists: async (workspaceId: string, id: string): Promise<boolean> =>
      (await row(workspaceId, id)) !== null,

    /** Every journey of the workspace (archived last), most recently edited first. */
    async list(workspaceId: string): Promise<JourneySummary[]> {
      const rows = await db
        .select()
        .from(journeys)
        .where(eq(journeys.workspaceId, workspaceId))
        .orderBy(sql`${journeys.status} = 'archived'`, desc(journeys.updatedAt));
      const active = await activeCounts(
        workspaceId,
        rows.map((r) => r.id),
      );
      return rows.map((r) => toSummary(r, active.get(r.id) ?? 0));
    },

    async get(workspaceId: string, id: string): Promise<JourneyRecord | null> {
      const found = await row(workspaceId, id);
      if (!found) return null;
      const [active, history] = await Promise.all([
        activeCounts(workspaceId, [id]),
        versions(workspaceId, id),
      ]);
      return { ...toSummary(found, active.get(id) ?? 0), document: found.draft, versions: history };
    },

    /** Stores a new journey as a draft. */
    async create(workspaceId: string, document: Document & { name: string }): Promise<JourneyRecord> {
      const at = new Date(now());
      const [created] = await db
        .insert(journeys)
        .values({
          id: newId('jrn'),
          workspaceId,
          name: document.name,
          draft: document,
          createdAt: at,
          updatedAt: at,
        })
        .returning();
      return { ...toSummary(created!, 0), document: created!.draft, versions: [] };
    },

    /**
     * Saves the draft if `revision` is still the current one (null: whatever it is). Returns the
     * new revision, `{ conflict: current }` when another save came first, `{ archived }` for an
     * archived journey, or null when there is no such journey.
     */
    async saveDraft(
      workspaceId: string,
      id: string,
      document: Document & { name: string },
      revision: number | null,
    ): Promise<{ revision: number; updatedAt: string } | { conflict: number } | { archived: true } | null> {
      const conditions = [
        eq(journeys.id, id),
        eq(journeys.workspaceId, workspaceId),
        ne(journeys.status, 'archived'),
      ];
      if (revision !== null) conditions.push(eq(journeys.draftRevision, revision));
      const [saved] = await db
        .update(journeys)
        .set({
          draft: document,
          name: document.name,
          draftRevision: sql`${journeys.draftRevision} + 1`,
          updatedAt: new Date(now()),
        })
        .where(and(...conditions))
        .returning({ revision: journeys.draftRevision, updatedAt: journeys.updatedAt });
      if (saved) return { revision: saved.revision, updatedAt: saved.updatedAt.toISOString() };
      const current = await row(workspaceId, id);
      if (!current) return null;
      return current.status === 'archived' ? { archived: true } : { conflict: current.draftRevision };
    },

    /**
     * Moves the journey to `to` if its status is one of `from`; returns the status it has now and
     * the one it had (`from`), or null when the workspace has no such journey.
     */
    async changeStatus(
      workspaceId: string,
      id: string,
      change: StatusChange,
    ): Promise<{ changed: boolean; status: JourneyStatus; from: JourneyStatus } | null> {
      return database.transaction(async ({ db: tx }) => {
        const where = and(eq(journeys.id, id), eq(journeys.workspaceId, workspaceId));
        const [current] = await tx
          .select({ status: journeys.status })
          .from(journeys)
          .where(where)
          .for('update');
        if (!current) return null;
        if (!change.from.includes(current.status)) {
          return { changed: false, status: current.status, from: current.status };
        }
        await tx
          .update(journeys)
          .set({ status: change.to, updatedAt: new Date(now()) })
          .where(where);
        return { changed: true, status: change.to, from: current.status };
      });
    },

    /**
     * Freezes `document` as the next version and makes it the one new customers enter. A draft
     * journey goes live; a paused one stays paused. Two publishes at once: one of them throws.
     */
    async publish(
      workspaceId: string,
      id: string,
      document: Document,
      hash: string,
      publishedBy: { kind: AuditActorKind; id: string },
    ): Promise<Omit<VersionSummary, 'publishedBy'> & { previous: number | null }> {
      return database.transaction(async ({ db: tx }) => {
        const [last] = await tx
          .select({ version: max(journeyVersions.version) })
          .from(journeyVersions)
          .where(and(eq(journeyVersions.journeyId, id), eq(journeyVersions.workspaceId, workspaceId)));
        const previous = last?.version ?? null;
        const version = (previous ?? 0) + 1;
        const publishedAt = new Date(now());
        await tx
          .insert(journeyVersions)
          .values({ journeyId: id, version, workspaceId, document, hash, publishedAt, publishedBy });
        await tx
          .update(journeys)
          .set({
            publishedVersion: version,
            status: sql`case when ${journeys.status} = 'draft' then 'live' else ${journeys.status} end`,
            updatedAt: publishedAt,
          })
          .where(and(eq(journeys.id, id), eq(journeys.workspaceId, workspaceId)));
        return { version, hash, publishedAt: publishedAt.toISOString(), previous };
      });
    },

    async version(workspaceId: string, id: string, version: number): Promise<VersionRecord | null> {
      const [found] = await db
        .select()
        .from(journeyVersions)
        .where(
          and(
            eq(journeyVersions.journeyId, id),
            eq(journeyVersions.workspaceId, workspaceId),
            eq(journeyVersions.version, version),
          ),
        )
        .limit(1);
      return found
        ? {
            version: found.version,
            hash: found.hash,
            publishedAt: found.publishedAt.toISOString(),
            publishedBy: found.publishedBy && { ...found.publishedBy, name: null },
            document: found.document,
          }
        : null;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type JourneysRepository = ReturnType<typeof createJourneysRepository>;

function toSummary(r: typeof journeys.$inferSelect, activeCustomers: number): JourneySummary {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    publishedVersion: r.publishedVersion,
    revision: r.draftRevision,
    activeCustomers,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
