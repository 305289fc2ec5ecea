import { type AuditActorKind, apiKeys, auditEntries, type Database } from '@stagecraft/db';
import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';

/** One change as the audit trail keeps it. */
export interface AuditEntry {
  id: string;
  at: string;
  /** `name` is the API token's name (null for users and for tokens of another workspace). */
  actor: { kind: AuditActorKind; id: string; name: string | null };
  address: string | null;
  action: string;
  target: { kind: string; id: string };
  before: unknown;
  after: unknown;
}

/** What a caller appends; the database sets the id and, unless given, the time. */
export interface NewAuditEntry {
  workspaceId: string;
  actor: { kind: AuditActorKind; id: string };
  address: string | null;
  action: string;
  target: { kind: string; id: string };
  before?: unknown;
  after?: unknown;
}

/** Filters of a page of the trail; `cursor` is the `nextCursor` of the page before. */
export interface AuditQuery {
  from?: Date;
  to?: Date;
  actor?: string;
  /** An exact action (`journey.publish`) or a namespace (`journey`). */
  action?: string;
  /** `kind:id` or a bare id. */
  target?: string;
  cursor?: number;
  limit: number;
}

/** Entries deleted per statement by the retention purge, so no transaction grows without bound. */
const PURGE_CHUNK = 5_000;

/**
 * The append-only audit trail. Nothing here updates an entry: a database trigger refuses
 * updates, and deletes other than the retention purge's.
 */
export function createAuditRepository(database: Database, now: () => number = Date.now) {
  const { db } = database;
  return {
    async append(entry: NewAuditEntry): Promise<void> {
      await db.insert(auditEntries).values(toRow(entry, now()));
    },

    /**
     * Appends unless an entry of the same action, target and actor was appended within
     * `windowMs`: one statement (insert … where not exists), so coalescing never updates a row.
     */
    async appendUnlessRecent(entry: NewAuditEntry, windowMs: number): Promise<boolean> {
      const row = toRow(entry, now());
      const since = new Date(now() - windowMs);
      const { rows } = await database.sql.executeSql(
        `insert into audit_entries
           (workspace_id, at, actor_kind, actor_id, address, action, target_kind, target_id, before, after)
         select $1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb
         where not exists (
           select 1 from audit_entries
           where workspace_id = $1 and target_kind = $7 and target_id = $8
             and action = $6 and actor_id = $4 and at > $11)
         returning id`,
        [
          row.workspaceId,
          row.at.toISOString(),
          row.actorKind,
          row.actorId,
          row.address,
          row.action,
          row.targetKind,
          row.targetId,
          json(row.before),
          json(row.after),
          since.toISOString(),
        ],
      );
      return rows.length > 0;
    },

    /** A page of the workspace's trail, newest first, and the cursor of the next page (null at the end). */
    async list(
      workspaceId: string,
      query: AuditQuery,
    ): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
      const conditions: SQL[] = [eq(auditEntries.workspaceId, workspaceId)];
      if (query.from) conditions.push(gte(auditEntries.at, query.from));
      if (query.to) conditions.push(lte(auditEntries.at, query.to));
      if (query.actor) conditions.push(eq(auditEntries.actorId, query.actor));
      if (query.action) {
        conditions.push(
          query.action.includes('.')
            ? eq(auditEntries.action, query.action)
            : like(auditEntries.action, `${query.action}.%`),
        );
      }
      if (query.target) {
        const colon = query.target.indexOf(':');
        if (colon > 0) {
          conditions.push(eq(auditEntries.targetKind, query.target.slice(0, colon)));
          conditions.push(eq(auditEntries.targetId, query.target.slice(colon + 1)));
        } else conditions.push(eq(auditEntries.targetId, query.target));
      }
      if (query.cursor !== undefined) conditions.push(lt(auditEntries.id, query.cursor));
      const rows = await db
        .select({ entry: auditEntries, tokenName: apiKeys.name })
        .from(auditEntries)
        .leftJoin(
          apiKeys,
          and(
            eq(auditEntries.actorKind, 'token'),
            eq(apiKeys.id, auditEntries.actorId),
            eq(apiKeys.workspaceId, auditEntries.workspaceId),
          ),
        )
        .where(and(...conditions))
        .orderBy(desc(auditEntries.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      return {
        entries: page.map(toEntry),
        nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.entry.id) : null,
      };
    },

    /**
     * Deletes entries older than their workspace's retention, a chunk per transaction; the
     * transaction-local `stagecraft.audit_purge` is what the append-only trigger lets through.
     */
    async purgeExpired(): Promise<number> {
      let purged = 0;
      for (;;) {
        const count = await database.transaction(async ({ sql }) => {
          await sql.executeSql(`select set_config('stagecraft.audit_purge', 'on', true)`, []);
          const { rows } = await sql.executeSql(
            `delete from audit_entries where id in (
               select a.id from audit_entries a join workspaces w on w.id = a.workspace_id
               where a.at < $1::timestamptz - make_interval(days => w.audit_retention_days)
               limit ${PURGE_CHUNK})
             returning id`,
            [new Date(now()).toISOString()],
          );
          return rows.length;
        });
        purged += count;
        if (count < PURGE_CHUNK) return purged;
      }
    },
  };
}

/** The repository's type, for decorators and tests. */
export type AuditRepository = ReturnType<typeof createAuditRepository>;

function toRow(entry: NewAuditEntry, at: number) {
  return {
    workspaceId: entry.workspaceId,
    at: new Date(at),
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    address: entry.address,
    action: entry.action,
    targetKind: entry.target.kind,
    targetId: entry.target.id,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
}

function toEntry({
  entry: row,
  tokenName,
}: {
  entry: typeof auditEntries.$inferSelect;
  tokenName: string | null;
}): AuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor: { kind: row.actorKind, id: row.actorId, name: tokenName },
    address: row.address,
    action: row.action,
    target: { kind: row.targetKind, id: row.targetId },
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
