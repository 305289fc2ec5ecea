import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/** The channels a workspace can configure a provider for (webhooks need none). */
export const PROVIDER_CHANNELS = ['email', 'sms', 'push'] as const;
export type ProviderChannel = (typeof PROVIDER_CHANNELS)[number];

/**
 * A workspace's provider for one channel. `settings` holds what may be shown (host, sender,
 * URLs); `secrets` the encrypted JSON of what may not (passwords, tokens, keys), sealed with the
 * server's secrets key and never returned in full.
 */
export const channelSettings = pgTable(
  'channel_settings',
  {
    workspaceId: text('workspace_id').notNull(),
    channel: text('channel').$type<ProviderChannel>().notNull(),
    provider: text('provider').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    secrets: text('secrets').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel] })],
);

export type ChannelSettingsRow = typeof channelSettings.$inferSelect;
