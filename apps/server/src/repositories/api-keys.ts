import { apiKeys, type Db, type TokenRole } from '@stagecraft/db';
import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import { hashSecret, newId, newSecret } from './ids';

/** A key or token as listed: never the secret, only enough of it to tell keys apart. */
export interface KeySummary {
  id: string;
  name: string;
  /** The kind marker of keys Stagecraft made (`sc_wk_`, `sc_admin_`), else the first four characters. */
  prefix: string;
  /** The last four characters; null for keys stored before they were kept. */
  lastFour: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A write key as listed. */
export type WriteKeySummary = KeySummary;

/** An admin token as listed: a key with the role it acts with. */
export interface TokenSummary extends KeySummary {
  role: TokenRole;
}

/** Who presented a credential: its workspace, the key's row, and for admin tokens their role. */
export interface ResolvedKey {
  workspaceId: string;
  keyId: string;
  /** An admin token's role in its workspace; null for write keys. */
  role: TokenRole | null;
}

type Kind = 'write' | 'admin';
type Source = 'env' | 'generated' | 'api';

/** How long a resolved credential is trusted before the database is asked again. */
const CACHE_MS = 10_000;
/** Last use is written at most this often per key: a write per request would cost ingestion. */
const TOUCH_MS = 60_000;
const CACHE_LIMIT = 10_000;

/** The part of a key that may be shown: its kind marker, or four characters of a key chosen by hand. */
export function displayPrefix(key: string): string {
  return /^sc_[a-z]+_/.exec(key)?.[0] ?? key.slice(0, 4);
}

/**
 * Write keys (ingestion) and admin tokens (management API). Only hashes are stored; a new key is
 * returned once, at creation. Lookups are cached briefly because ingestion checks a key per request.
 */
export function createApiKeysRepository(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, { key: ResolvedKey | null; until: number }>();
  const touched = new Map<string, number>();

  async function insert(
    workspaceId: string,
    kind: Kind,
    name: string,
    key: string,
    source: Source,
    role: TokenRole | null = kind === 'admin' ? 'owner' : null,
  ) {
    const [row] = await db
      .insert(apiKeys)
      .values({
        id: newId(kind === 'write' ? 'wk' : 'adm'),
        workspaceId,
        kind,
        name,
        keyHash: hashSecret(key),
        prefix: displayPrefix(key),
        lastFour: key.slice(-4),
        source,
        role,
      })
      .returning();
    return row!;
  }

  /** Records a use, at most once a minute per key; a failed write only loses the timestamp. */
  function touch(keyId: string): void {
    const at = now();
    const last = touched.get(keyId);
    if (last !== undefined && at - last < TOUCH_MS) return;
    if (touched.size > CACHE_LIMIT) touched.clear();
    touched.set(keyId, at);
    db.update(apiKeys)
      .set({ lastUsedAt: new Date(at) })
      .where(eq(apiKeys.id, keyId))
      .then(
        () => undefined,
        () => touched.delete(keyId),
      );
  }

  async function resolve(kind: Kind, secret: string): Promise<ResolvedKey | null> {
    const hash = hashSecret(secret);
    const cacheKey = `${kind}:${hash}`;
    const hit = cache.get(cacheKey);
    let key: ResolvedKey | null;
    if (hit && hit.until > now()) key = hit.key;
    else {
      const [row] = await db
        .select({ workspaceId: apiKeys.workspaceId, keyId: apiKeys.id, role: apiKeys.role })
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, hash), eq(apiKeys.kind, kind), isNull(apiKeys.revokedAt)))
        .limit(1);
      key = row ?? null;
      if (cache.size > CACHE_LIMIT) cache.clear();
      cache.set(cacheKey, { key, until: now() + CACHE_MS });
    }
    if (key) touch(key.keyId);
    return key;
  }

  /** Ensures `key` exists (it may be revoked: then it stays revoked) and reports whether it was added. */
  async function ensure(workspaceId: string, kind: Kind, name: string, key: string): Promise<boolean> {
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hashSecret(key)))
      .limit(1);
    if (existing) return false;
    await insert(workspaceId, kind, name, key, 'env');
    return true;
  }

  async function list(workspaceId: string, kind: Kind) {
    return db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.kind, kind)))
      .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  }

  async function revoke(workspaceId: string, kind: Kind, id: string) {
    const rows = await db
      .update(apiKeys)
      .set({ revokedAt: new Date(now()) })
      .where(
        and(
          eq(apiKeys.id, id),
          eq(apiKeys.workspaceId, workspaceId),
          eq(apiKeys.kind, kind),
          isNull(apiKeys.revokedAt),
        ),
      )
      .returning();
    for (const row of rows) cache.delete(`${kind}:${row.keyHash}`);
    return rows[0] ?? null;
  }

  return {
    /** The workspace and row of a write key, or null when unknown or revoked. */
    resolveWriteKey: (key: string) => resolve('write', key),
    /** The workspace and row of an admin token, or null when unknown or revoked. */
    resolveAdminToken: (token: string) => resolve('admin', token),

    /** Creates a write key; the returned `key` is shown once and never stored. */
    async createWriteKey(workspaceId: string, name: string): Promise<WriteKeySummary & { key: string }> {
      const key = newSecret('sc_wk');
      return { ...toSummary(await insert(workspaceId, 'write', name, key, 'api')), key };
    },

    /** Adds the given write key (from configuration) unless it is already known. */
    ensureWriteKey: (workspaceId: string, key: string, name = 'From STAGECRAFT_WRITE_KEY') =>
      ensure(workspaceId, 'write', name, key),

    /**
     * Makes the configured admin token the workspace's configured one: adds it unless known, and
     * revokes the tokens an earlier value of the variable added, so changing it rotates the token.
     */
    async ensureAdminToken(workspaceId: string, token: string, name = 'From STAGECRAFT_ADMIN_TOKEN') {
      const added = await ensure(workspaceId, 'admin', name, token);
      const stale = await db
        .update(apiKeys)
        .set({ revokedAt: new Date(now()) })
        .where(
          and(
            eq(apiKeys.workspaceId, workspaceId),
            eq(apiKeys.kind, 'admin'),
            eq(apiKeys.source, 'env'),
            ne(apiKeys.keyHash, hashSecret(token)),
            isNull(apiKeys.revokedAt),
          ),
        )
        .returning({ keyHash: apiKeys.keyHash });
      for (const row of stale) cache.delete(`admin:${row.keyHash}`);
      return added;
    },

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

    /** Creates an admin token at first start; the returned token is shown once and never stored. */
    async generateAdminToken(workspaceId: string, name = 'Generated at first start'): Promise<string> {
      const token = newSecret('sc_admin');
      await insert(workspaceId, 'admin', name, token, 'generated');
      return token;
    },

    /** Creates an admin token with a role; the returned `token` is shown once and never stored. */
    async createAdminToken(
      workspaceId: string,
      name: string,
      role: TokenRole = 'owner',
    ): Promise<TokenSummary & { token: string }> {
      const token = newSecret('sc_admin');
      return { ...toTokenSummary(await insert(workspaceId, 'admin', name, token, 'api', role)), token };
    },

    /** The workspace's write keys, newest first, revoked ones included. */
    listWriteKeys: async (workspaceId: string): Promise<WriteKeySummary[]> =>
      (await list(workspaceId, 'write')).map(toSummary),
    /** The workspace's admin tokens, newest first, revoked ones included. */
    listAdminTokens: async (workspaceId: string): Promise<TokenSummary[]> =>
      (await list(workspaceId, 'admin')).map(toTokenSummary),

    /** Revokes a write key at once in this process (others notice within the cache time). */
    async revokeWriteKey(workspaceId: string, id: string): Promise<WriteKeySummary | null> {
      const row = await revoke(workspaceId, 'write', id);
      return row && toSummary(row);
    },
    /** Revokes an admin token, and with it the sessions signed in with it. */
    async revokeAdminToken(workspaceId: string, id: string): Promise<TokenSummary | null> {
      const row = await revoke(workspaceId, 'admin', id);
      return row && toTokenSummary(row);
    },
  };
}

/** The repository's type, for decorators and tests. */
export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>;

function toTokenSummary(row: typeof apiKeys.$inferSelect): TokenSummary {
  return { ...toSummary(row), role: row.role ?? 'owner' };
}

function toSummary(row: typeof apiKeys.$inferSelect): KeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    lastFour: row.lastFour,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
