import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { isSecret, type JsonSchema } from '../forms/json-schema';
import { SchemaForm } from '../forms/SchemaForm';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { type InstalledPlugin, pluginQueries, useSavePluginSettings } from './plugin-queries';

/** Settings > Plugins: what each installed plugin adds, and its settings form from its own schema. */
export function PluginsSettings() {
  const plugins = useQuery(pluginQueries.list());
  if (plugins.isPending) return <Loading what="plugins" />;
  if (plugins.isError) return <ErrorNotice error={plugins.error} onRetry={() => plugins.refetch()} />;
  if (plugins.data.length === 0)
    return (
      <EmptyState icon="plug" title="No plugins installed">
        The server operator installs plugins and lists them in stagecraft.config.json; see docs/plugins.md.
      </EmptyState>
    );
  return (
    <>
      {plugins.data.map((plugin) => (
        <PluginCard key={plugin.package} plugin={plugin} />
      ))}
    </>
  );
}

function PluginCard({ plugin }: { plugin: InstalledPlugin }) {
  const [draft, setDraft] = useState<Record<string, unknown>>(plugin.settings);
  const save = useSavePluginSettings();
  const toast = useToast();
  useEffect(() => setDraft(plugin.settings), [plugin.settings]);
  const schema = useMemo(
    () => plugin.settingsSchema && keptSecrets(plugin.settingsSchema, draft),
    [plugin.settingsSchema, draft],
  );
  const headingId = `plugin-${plugin.package.replace(/[^a-z0-9]/gi, '-')}`;
  const adds = [
    ...plugin.nodeTypes.map((type) => `step ${type}`),
    ...plugin.channels.map((channel) => `channel provider ${channel}`),
  ];
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`plugin-${plugin.package}`}>
      <h2 id={headingId}>
        {plugin.package} <span className="muted">{plugin.version}</span>
      </h2>
      <p className="muted">Adds {adds.length > 0 ? adds.join(', ') : 'nothing yet'}.</p>
      {schema ? (
        <>
          <p className="muted">
            Secrets are encrypted at rest and shown as •••• with their last four characters; leave them so to
            keep them.
          </p>
          <SchemaForm
            schema={schema}
            value={draft}
            onChange={(value) => setDraft(value as Record<string, unknown>)}
            idPrefix={headingId}
            disabled={save.isPending}
          />
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={save.isPending}
              onClick={() =>
                save.mutate(
                  { pkg: plugin.package, settings: draft },
                  {
                    onSuccess: () => toast.show(`${plugin.package} saved.`, 'success'),
                    onError: toast.error,
                  },
                )
              }
            >
              Save
            </button>
          </div>
        </>
      ) : (
        <p>This plugin has no settings.</p>
      )}
    </section>
  );
}

/** Matches what the server shows for a stored secret: "••••" and its last four characters. */
const MASKED = /^•{4}/;

/**
 * The settings schema with each secret still masked freed of its format rules: the mask is kept
 * as is by the server, and the rules apply again once a new value is typed.
 */
function keptSecrets(schema: JsonSchema, value: Record<string, unknown>): JsonSchema {
  if (!schema.properties) return schema;
  const properties: Record<string, JsonSchema> = {};
  for (const [key, field] of Object.entries(schema.properties)) {
    const masked = isSecret(field) && typeof value[key] === 'string' && MASKED.test(value[key] as string);
    properties[key] = masked
      ? { type: 'string', title: field.title, description: field.description, secret: true }
      : field;
  }
  return { ...schema, properties };
}
