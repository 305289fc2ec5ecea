import { type Database, pluginSettings } from '@stagecraft/db';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { isMasked, mask, seal, unseal } from '../channels/secret-box';

/** The top-level fields a settings schema marks `.meta({ secret: true })`. */
export function secretFields(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => isSecret(field as z.ZodType))
    .map(([name]) => name);
}

/** Looks through optional, nullable and default wrappers for the `secret` mark. */
function isSecret(schema: z.ZodType): boolean {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const meta = (current as { meta?: () => Record<string, unknown> | undefined }).meta?.();
    if (meta?.secret === true) return true;
    current = (current._zod.def as { innerType?: z.ZodType }).innerType;
  }
  return false;
}

/** Where a masked secret was sent back but none is stored to keep. */
export class MissingPluginSecretError extends Error {
  constructor(readonly field: string) {
    super(`${field}: a masked secret was sent but none is stored; send it in full`);
  }
}

/** Settings as stored: the shown fields, and the secret ones opened. */
interface Stored {
  shown: Record<string, unknown>;
  secrets: Record<string, unknown>;
  updatedAt: number;
}

/**
 * Each workspace's settings for each plugin package. Secret fields are sealed with the server's
 * secrets key (as channel provider secrets are) before they reach the database, opened only to
 * run the plugin, and shown masked.
 */
export function createPluginSettingsStore(database: Database, secretsKey: () => Promise<string>) {
  const { db } = database;

  async function read(workspaceId: string, packageName: string): Promise<Stored | null> {
    const [row] = await db
      .select()
      .from(pluginSettings)
      .where(and(eq(pluginSettings.workspaceId, workspaceId), eq(pluginSettings.package, packageName)))
      .limit(1);
    if (!row) return null;
    const secrets = JSON.parse(unseal(await secretsKey(), row.secrets)) as Record<string, unknown>;
    return { shown: row.settings, secrets, updatedAt: row.updatedAt.getTime() };
  }

  return {
    /**
     * The settings with secrets opened, for the plugin's own code ({} when none are saved), and
     * the secret strings among them, which its log lines must never carry.
     */
    async opened(
      workspaceId: string,
      packageName: string,
    ): Promise<{ values: Record<string, unknown>; secrets: string[] }> {
      const stored = await read(workspaceId, packageName);
      if (!stored) return { values: {}, secrets: [] };
      const secrets = Object.values(stored.secrets).filter(
        (v): v is string => typeof v === 'string' && v.length >= 4,
      );
      return { values: { ...stored.shown, ...stored.secrets }, secrets };
    },
    /** The settings as the API shows them: each secret as "••••" and its last four characters. */
    async masked(workspaceId: string, packageName: string): Promise<Record<string, unknown>> {
      const stored = await read(workspaceId, packageName);
      return stored ? maskedView(stored) : {};
    },
    /**
     * Checks `input` against the schema (a masked secret keeps the stored one) and stores it.
     * Returns the schema's problems instead when it does not fit.
     */
    async put(
      workspaceId: string,
      packageName: string,
      schema: z.ZodObject,
      input: Record<string, unknown>,
      now: number,
    ): Promise<{ masked: Record<string, unknown> } | { problems: { path: string; message: string }[] }> {
      const before = await read(workspaceId, packageName);
      const secret = secretFields(schema);
      const merged: Record<string, unknown> = { ...input };
      for (const field of secret) {
        if (!isMasked(merged[field])) continue;
        if (before?.secrets[field] === undefined) throw new MissingPluginSecretError(field);
        merged[field] = before.secrets[field];
      }
      const parsed = schema.safeParse(merged);
      if (!parsed.success)
        return {
          problems: parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        };
      const shown: Record<string, unknown> = {};
      const secrets: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(parsed.data as Record<string, unknown>))
        (secret.includes(key) ? secrets : shown)[key] = value;
      const values = {
        workspaceId,
        package: packageName,
        settings: shown,
        secrets: seal(await secretsKey(), JSON.stringify(secrets)),
        updatedAt: new Date(now),
      };
      await db
        .insert(pluginSettings)
        .values(values)
        .onConflictDoUpdate({ target: [pluginSettings.workspaceId, pluginSettings.package], set: values });
      return { masked: maskedView({ shown, secrets, updatedAt: now }) };
    },
  };
}

export type PluginSettingsStore = ReturnType<typeof createPluginSettingsStore>;

function maskedView(stored: Stored): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored.shown };
  // A short secret would show whole through its last four characters.
  for (const [key, value] of Object.entries(stored.secrets))
    out[key] =
      typeof value === 'string' && value.length > 8
        ? mask(value)
        : value === null || value === undefined
          ? value
          : '••••';
  return out;
}
