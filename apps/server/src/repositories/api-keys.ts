import { apiKeys, type Db } from '@stagecraft/db';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { hashSecret, newId, newSecret } from './ids';

/** A write key as listed: never the key itself, only its first characters. */
export interface WriteKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

type Kind = 'write' | 'admin';

/** How long a resolved credential is trusted before the database is asked again. */
const CACHE_MS = 10_000;

/**
 * Write keys (ingestion) and admin tokens (management API). Only hashes are stored; a new key is
 * returned once, at creation. Lookups are cached briefly because ingestion checks a key per request.
 */
export function createApiKeysRepository(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, { workspaceId: string | null; until: number }>();

  async function insert(workspaceId: string, kind: Kind, name: string, key: string) {
    const [row] = await db
      .insert(apiKeys)
      .values({
        id: newId(kind === 'write' ? 'wk' : 'adm'),
        workspaceId,
        kind,
        name,
        keyHash: hashSecret(key),
        prefix: key.slice(0, 12),
      })
      .returning();
    return row!;
  }

  async function resolve(kind: Kind, key: string): Promise<string | null> {
    const hash = hashSecret(key);
    const cacheKey = `${kind}:${hash}`;
    const hit = cache.get(cacheKey);
    if (hit && hit.until > now()) return hit.workspaceId;
    const [row] = await db
      .select({ workspaceId: apiKeys.workspaceId })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), eq(apiKeys.kind, kind), isNull(apiKeys.revokedAt)))
      .limit(1);
    const workspaceId = row?.workspaceId ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(cacheKey, { workspaceId, until: now() + CACHE_MS });
    return workspaceId;
  }

  /** Ensures `key` exists (it may be revoked: then it stays revoked) and reports whether it was added. */
  async function ensure(workspaceId: string, kind: Kind, name: string, key: string): Promise<boolean> {
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashSecret(key)))
      .limit(1);
    if (existing) return false;
    await insert(workspaceId, kind, name, key);
    return true;
  }

  return {
    /** The workspace a write key belongs to, or null when unknown or revoked. */
    resolveWriteKey: (key: string) => resolve('write', key),
    /** The workspace an admin token belongs to, or null when unknown or revoked. */
    resolveAdminToken: (token: string) => resolve('admin', token),

    /** Creates a write key; the returned `key` is shown once and never stored. */
    async createWriteKey(workspaceId: string, name: string): Promise<WriteKeySummary & { key: string }> {
      const key = newSecret('sc_wk');
      return { ...toSummary(await insert(workspaceId, 'write', name, key)), key };
    },

    /** Adds the given write key (from configuration) unless it is already known. */
    ensureWriteKey: (workspaceId: string, key: string, name = 'From STAGECRAFT_WRITE_KEY') =>
      ensure(workspaceId, 'write', name, key),

    /** Adds the given admin token (from configuration) unless it is already known. */
    ensureAdminToken: (workspaceId: string, token: string, name = 'From STAGECRAFT_ADMIN_TOKEN') =>
      ensure(workspaceId, 'admin', name, token),

    /** True when the workspace has any admin token that is not revoked. */
    async hasAdminToken(workspaceId: string): Promise<boolean> {
      const rows = await db
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(
          and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.kind, 'admin'), isNull(apiKeys.revokedAt)),
        )
        .limit(1);
      return rows.length > 0;
    },

    /** Creates an admin token; the returned token is shown once and never stored. */
    async createAdminToken(workspaceId: string, name = 'Generated at first start'): Promise<string> {
      const token = newSecret('sc_admin');
      await insert(workspaceId, 'admin', name, token);
      return token;
    },

    /** The workspace's write keys, newest first, revoked ones included. */
    async listWriteKeys(workspaceId: string): Promise<WriteKeySummary[]> {
      const rows = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.kind, 'write')))
        .orderBy(desc(apiKeys.createdAt));
      return rows.map(toSummary);
    },

    /** Revokes a write key at once in this process (others notice within the cache time). */
    async revokeWriteKey(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: new Date(now()) })
        .where(
          and(
            eq(apiKeys.id, id),
            eq(apiKeys.workspaceId, workspaceId),
            eq(apiKeys.kind, 'write'),
            isNull(apiKeys.revokedAt),
          ),
        )
        .returning({ keyHash: apiKeys.keyHash });
      for (const row of rows) cache.delete(`write:${row.keyHash}`);
      return rows.length > 0;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;

function toSummary(row: typeof apiKeys.$inferSelect): WriteKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
