import { type Db, serverSecrets } from '@stagecraft/db';
import { eq } from 'drizzle-orm';
import { newSecret } from './ids';

const SIGNING_SECRET = 'webhook-signing';

/** Server-wide secrets that must be read back, unlike credentials (which are stored hashed). */
export function createSecretsRepository(db: Db) {
  return {
    /** The webhook signing secret: `configured` when given, else the stored one, else a new one stored now. */
    async signingSecret(_workspaceId: string, configured?: string): Promise<string> {
      if (configured) return configured;
      // Every process sharing the database must sign alike: the first one to start stores the secret.
      await db
        .insert(serverSecrets)
        .values({ name: SIGNING_SECRET, value: newSecret('sc_sign') })
        .onConflictDoNothing();
      const [row] = await db
        .select({ value: serverSecrets.value })
        .from(serverSecrets)
        .where(eq(serverSecrets.name, SIGNING_SECRET))
        .limit(1);
      if (!row) throw new Error('The webhook signing secret could not be stored; check the database.');
      return row.value;
    },
  };
}

/** The repository's type, for decorators and tests. */
export type SecretsRepository = ReturnType<typeof createSecretsRepository>;
