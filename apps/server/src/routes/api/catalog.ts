import { type CatalogEntry, catalogOf } from '@stagecraft/sdk';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../errors';
import { previewNode } from '../../journeys/preview-node';
import { TemplateSchema } from '../../journeys/templates';
import { cardViewUrl } from '../plugin-assets';
import { PortSchema } from './schemas';

const CatalogEntrySchema = z
  .object({
    type: z.string(),
    version: z.number().int(),
    title: z.string(),
    description: z.string(),
    category: z.enum(['trigger', 'flow', 'action']),
    icon: z.string(),
    configSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the node’s config'),
    defaults: z.unknown(),
    ports: z.array(PortSchema).nullable().describe('Fixed ports, or null when they depend on the config'),
    initialPorts: z.array(PortSchema).describe('The ports a new step starts with (those of its defaults)'),
    initialSummary: z
      .string()
      .nullable()
      .describe('The line a new step shows under its title, if the type has one'),
    hasInput: z.boolean(),
    plugin: z
      .object({ package: z.string(), version: z.string() })
      .nullable()
      .describe('The plugin package that provides the type, or null for a built-in one'),
    cardView: z.string().nullable().describe('URL of the plugin’s card view module, or null'),
  })
  .meta({ id: 'NodeType' });

const PreviewSchema = z.object({
  nodes: z
    .array(
      z.object({
        type: z.string().min(1, 'must name a node type').max(200),
        version: z.number().int('must be a whole number').min(1, 'must be 1 or more'),
        config: z.unknown(),
      }),
    )
    .max(1_000, 'must hold at most 1,000 steps; ask in several requests'),
});

const PreviewEntrySchema = z
  .object({
    summary: z.string().nullable(),
    ports: z.array(PortSchema),
    problems: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: 'NodePreview' });

/** A node type as `GET /api/node-types` serves it: the SDK's catalog entry, its plugin and card view. */
export type NodeTypeEntry = CatalogEntry & {
  plugin: { package: string; version: string } | null;
  cardView: string | null;
};

/** What the editor builds its palette and inspector forms from, and the journey templates. */
export default async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // The registry is fixed for the life of the process, so the catalog is computed once.
  const nodeTypes = catalogOf(app.registry).map((entry): NodeTypeEntry => {
    const plugin = app.plugins.pluginOf(entry.type);
    return {
      ...entry,
      plugin: plugin && { package: plugin.name, version: plugin.version },
      cardView: plugin?.cardView ? cardViewUrl(plugin.name) : null,
    };
  });

  app.get(
    '/node-types',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags: ['Catalog'],
        summary: 'Every node type with its config JSON Schema, defaults, ports and the summary of a new step',
        response: { 200: z.object({ nodeTypes: z.array(CatalogEntrySchema) }) },
      },
    },
    async () => ({ nodeTypes }),
  );

  app.post(
    '/node-types/preview',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags: ['Catalog'],
        summary: 'The summary line, ports and config problems of steps, for types the editor has no code for',
        description:
          'A config saved by an older version of its type is upgraded through the type’s migrate first. An unknown type or version answers with a problem on `type` or `version`, not an error.',
        body: PreviewSchema,
        response: { 200: z.object({ nodes: z.array(PreviewEntrySchema) }), ...errorResponses(400) },
      },
    },
    async (request) => ({ nodes: request.body.nodes.map((node) => previewNode(app.registry, node)) }),
  );

  app.get(
    '/templates',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags: ['Catalog'],
        summary: 'Lifecycle journey templates to start from',
        response: { 200: z.object({ templates: z.array(TemplateSchema) }) },
      },
    },
    async () => ({ templates: app.templates }),
  );
}
