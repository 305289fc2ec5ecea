import { apiKeys, type Db } from '@stagecraft/db';
import { and, eq } from 'drizzle-orm';
import { newSecret } from './ids';

/** The one row that holds the webhook signing secret (shared by every server process). */
const SIGNING_ROW = 'signing-secret';

/**
 * Server-wide secrets that must be read back, unlike credentials. The signing secret is kept as
 * an `api_keys` row of kind `signing`, whose `key_hash` column then holds the secret itself,
 * because the schema has no settings table yet; every process sharing the database signs alike.
 */
export function createSecretsRepository(db: Db) {
  return {
    /** The webhook signing secret: `configured` when given, else the stored one, else a new one stored now. */
    async signingSecret(workspaceId: string, configured?: string): Promise<string> {
      if (configured) return configured;
      const candidate = newSecret('sc_sign');
      await db
        .insert(apiKeys)
        .values({
          id: SIGNING_ROW,
          workspaceId,
          kind: 'signing' as 'admin',
          name: 'Webhook signing secret',
          keyHash: candidate,
          prefix: candidate.slice(0, 12),
        })
        .onConflictDoNothing();
      const [row] = await db
        .select({ secret: apiKeys.keyHash })
        .from(apiKeys)
        .where(and(eq(apiKeys.id, SIGNING_ROW), eq(apiKeys.kind, 'signing' as 'admin')))
        .limit(1);
      if (!row) throw new Error('The webhook signing secret could not be stored; check the database.');
      return row.secret;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type SecretsRepository = ReturnType<typeof createSecretsRepository>;
