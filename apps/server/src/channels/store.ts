import { channelSettings, type Database, type ProviderChannel } from '@stagecraft/db';
import { and, eq } from 'drizzle-orm';
import { BUILT_IN_PROVIDERS, type ProviderKinds } from './provider-kinds';
import { seal, unseal } from './secret-box';
import { maskedSettings, type ProviderSettings, type SplitSettings, splitSettings } from './settings';

/** A channel's provider as stored, secrets opened. */
export interface StoredChannel {
  settings: ProviderSettings;
  updatedAt: number;
}

/**
 * Channel provider settings per workspace. Secrets are sealed with the secrets key before they
 * reach the database and opened only to send; the API sees them masked.
 */
export function createChannelStore(
  database: Database,
  secretsKey: () => Promise<string>,
  kinds: ProviderKinds = BUILT_IN_PROVIDERS,
) {
  const { db } = database;

  async function split(
    workspaceId: string,
    channel: ProviderChannel,
  ): Promise<(SplitSettings & { updatedAt: number }) | null> {
    const [row] = await db
      .select()
      .from(channelSettings)
      .where(and(eq(channelSettings.workspaceId, workspaceId), eq(channelSettings.channel, channel)))
      .limit(1);
    if (!row) return null;
    const secrets = JSON.parse(unseal(await secretsKey(), row.secrets)) as Record<string, unknown>;
    return { provider: row.provider, shown: row.settings, secrets, updatedAt: row.updatedAt.getTime() };
  }

  return {
    /** The channel's settings with secrets opened, or null when none is configured. */
    async get(workspaceId: string, channel: ProviderChannel): Promise<StoredChannel | null> {
      const found = await split(workspaceId, channel);
      if (!found) return null;
      const settings = { provider: found.provider, ...found.shown, ...found.secrets } as ProviderSettings;
      return { settings, updatedAt: found.updatedAt };
    },
    /** When the channel's settings last changed (epoch ms), or null; cheap, for caches. */
    async updatedAt(workspaceId: string, channel: ProviderChannel): Promise<number | null> {
      const [row] = await db
        .select({ updatedAt: channelSettings.updatedAt })
        .from(channelSettings)
        .where(and(eq(channelSettings.workspaceId, workspaceId), eq(channelSettings.channel, channel)))
        .limit(1);
      return row ? row.updatedAt.getTime() : null;
    },
    /** Every channel's settings as the API shows them (secrets masked); null where none is set. */
    async list(workspaceId: string): Promise<Record<ProviderChannel, Record<string, unknown> | null>> {
      const out: Record<ProviderChannel, Record<string, unknown> | null> = {
        email: null,
        sms: null,
        push: null,
      };
      for (const channel of ['email', 'sms', 'push'] as const) {
        const found = await split(workspaceId, channel);
        out[channel] = found ? maskedSettings(found) : null;
      }
      return out;
    },
    /** Stores a channel's settings (masked secrets keep the stored ones); answers them masked. */
    async put(workspaceId: string, channel: ProviderChannel, settings: ProviderSettings, now: number) {
      const before = await split(workspaceId, channel);
      const parts = splitSettings(
        settings,
        before && before.provider === settings.provider ? before.secrets : null,
        kinds.get(settings.provider)?.secretFields ?? [],
      );
      const values = {
        workspaceId,
        channel,
        provider: parts.provider,
        settings: parts.shown,
        secrets: seal(await secretsKey(), JSON.stringify(parts.secrets)),
        updatedAt: new Date(now),
      };
      await db
        .insert(channelSettings)
        .values(values)
        .onConflictDoUpdate({ target: [channelSettings.workspaceId, channelSettings.channel], set: values });
      return {
        settings: { provider: parts.provider, ...parts.shown, ...parts.secrets } as ProviderSettings,
        masked: maskedSettings(parts),
      };
    },
  };
}

export type ChannelStore = ReturnType<typeof createChannelStore>;
