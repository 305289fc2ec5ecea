import { type Db, serverSecrets } from '@stagecraft/db';
import { eq } from 'drizzle-orm';
import { newSecret } from './ids';

const SIGNING_SECRET = 'webhook-signing';
const SECRETS_KEY = 'provider-secrets-key';

/** Server-wide secrets that must be read back, unlike credentials (which are stored hashed). */
export function createSecretsRepository(db: Db) {
  /** The secret stored under `name`, created now if there is none yet. */
  async function storedOrNew(name: string, prefix: string): Promise<string> {
    // Every process sharing the database must sign alike: the first one to ask stores the secret.
    await db
      .insert(serverSecrets)
      .values({ name, value: newSecret(prefix) })
      .onConflictDoNothing();
    const [row] = await db
      .select({ value: serverSecrets.value })
      .from(serverSecrets)
      .where(eq(serverSecrets.name, name))
      .limit(1);
    if (!row) throw new Error('A signing secret could not be stored; check the database.');
    return row.value;
  }
  return {
    /**
     * The server-wide key of the deprecated v1 signature: `configured` when given, else the
     * stored one, else a new one stored now.
     */
    async signingSecret(_workspaceId: string, configured?: string): Promise<string> {
      return configured || storedOrNew(SIGNING_SECRET, 'sc_sign');
    },
    /**
     * The key that encrypts channel provider secrets: `configured` (STAGECRAFT_SECRETS_KEY) when
     * given, else the stored one, else a new one stored now.
     */
    async secretsKey(configured?: string): Promise<string> {
      return configured || storedOrNew(SECRETS_KEY, 'sc_key');
    },
    /** The workspace's own key for v2 signatures, created on first use. */
    workspaceSigningSecret(workspaceId: string): Promise<string> {
      return storedOrNew(`${SIGNING_SECRET}:${workspaceId}`, 'sc_whsec');
    },
  };
}

/** The repository's type, for decorators and tests. */
export type SecretsRepository = ReturnType<typeof createSecretsRepository>;
