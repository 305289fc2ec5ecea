import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns';

/**
 * A workspace's settings for one installed plugin package, as its settings schema declares
 * them. `settings` holds the fields that may be shown; `secrets` the sealed JSON of the fields
 * the schema marks secret, opened only to run the plugin and never returned in full.
 */
export const pluginSettings = pgTable(
  'plugin_settings',
  {
    workspaceId: text('workspace_id').notNull(),
    package: text('package').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    secrets: text('secrets').notNull(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.package] })],
);

export type PluginSettingsRow = typeof pluginSettings.$inferSelect;
