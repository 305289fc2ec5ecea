import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import type { PluginPackage } from '../../plugin-packages/index';
import { MissingPluginSecretError } from '../../plugin-packages/plugin-settings';

const PluginEntrySchema = z
  .object({
    package: z.string(),
    version: z.string(),
    nodeTypes: z.array(z.string()).describe('Type ids the package provides'),
    channels: z.array(z.string()).describe('Channel provider ids the package provides'),
    settingsSchema: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('JSON Schema of its settings (secret fields carry "secret": true), or null'),
    settings: z
      .record(z.string(), z.unknown())
      .describe('Saved settings; secrets as •••• and their last four characters'),
  })
  .meta({ id: 'PluginSettings' });

/** One installed plugin package as `GET /api/settings/plugins` lists it. */
export type PluginSettingsEntry = z.infer<typeof PluginEntrySchema>;

/** Settings > Plugins: each installed plugin package and its settings, secrets sealed at rest and shown masked. */
export default async function pluginSettingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Settings'];
  const store = app.pluginSettings;
  const entry = async (workspaceId: string, plugin: PluginPackage) => ({
    package: plugin.name,
    version: plugin.version,
    nodeTypes: [...new Set(plugin.nodeTypes.map((t) => t.type))],
    channels: plugin.channelProviders.map((p) => p.id),
    settingsSchema: plugin.settingsSchema
      ? (z.toJSONSchema(plugin.settingsSchema, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >)
      : null,
    settings: await store.masked(workspaceId, plugin.name),
  });

  app.get(
    '/settings/plugins',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: 'The installed plugin packages, what each provides, and their settings (secrets masked)',
        response: { 200: z.object({ plugins: z.array(PluginEntrySchema) }) },
      },
    },
    async (request) => ({
      plugins: await Promise.all(app.plugins.packages.map((plugin) => entry(request.workspaceId, plugin))),
    }),
  );

  app.put(
    '/settings/plugins/:package',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags,
        summary: "Save a plugin's settings, checked against the schema it declares",
        description:
          'Secret fields are sealed with STAGECRAFT_SECRETS_KEY before they are stored and reach only the plugin’s own code. A secret sent back masked, as GET shows it, keeps the stored one.',
        params: z.object({ package: z.string().min(1).max(214) }),
        body: z.record(z.string(), z.unknown(), { error: 'must be a JSON object of settings' }),
        response: { 200: PluginEntrySchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const plugin = app.plugins.plugin(request.params.package);
      if (!plugin) throw new AppError('plugin-not-found', { field: 'package' });
      if (!plugin.settingsSchema)
        throw new AppError('invalid-request', {
          field: 'package',
          message: `${plugin.name} declares no settings ("stagecraft.settings" in its package.json); there is nothing to save.`,
        });
      const before = (await entry(request.workspaceId, plugin)).settings;
      let saved: Awaited<ReturnType<typeof store.put>>;
      try {
        saved = await store.put(
          request.workspaceId,
          plugin.name,
          plugin.settingsSchema,
          request.body,
          app.now(),
        );
      } catch (error) {
        if (error instanceof MissingPluginSecretError)
          throw new AppError('invalid-request', { field: `body.${error.field}`, message: error.message });
        throw error;
      }
      if ('problems' in saved) {
        const [first] = saved.problems;
        throw new AppError('invalid-request', {
          field: first?.path ? `body.${first.path}` : 'body',
          message: `${first?.path || 'settings'}: ${first?.message ?? 'not valid'}`,
          details: { problems: saved.problems },
        });
      }
      const after = await entry(request.workspaceId, plugin);
      // Masked on both sides: the trail never holds a plugin's secret.
      await app.audit(request, {
        action: 'settings.update',
        target: { kind: 'plugin', id: plugin.name },
        before,
        after: after.settings,
      });
      return after;
    },
  );
}
