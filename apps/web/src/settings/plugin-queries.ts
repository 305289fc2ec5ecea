import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { JsonSchema } from '../forms/json-schema';
import { settingsKeys } from './queries';

/** An installed plugin as Settings > Plugins shows it; secret settings come back as "••••" and their last four. */
export interface InstalledPlugin {
  package: string;
  version: string;
  nodeTypes: string[];
  channels: string[];
  settingsSchema: JsonSchema | null;
  settings: Record<string, unknown>;
}

const pluginsKey = [...settingsKeys.all, 'plugins'] as const;

/** The plugins the server loaded and this workspace's settings for each. */
export const pluginQueries = {
  list: () =>
    queryOptions({
      queryKey: pluginsKey,
      queryFn: ({ signal }) => api<{ plugins: InstalledPlugin[] }>('/api/settings/plugins', { signal }),
      select: (data) => data.plugins,
    }),
};

/** Saves one plugin's settings; a masked secret sent back unchanged keeps the stored one. */
export function useSavePluginSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ pkg, settings }: { pkg: string; settings: Record<string, unknown> }) =>
      api<InstalledPlugin>(`/api/settings/plugins/${encodeURIComponent(pkg)}`, {
        method: 'PUT',
        body: settings,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: pluginsKey }),
  });
}
