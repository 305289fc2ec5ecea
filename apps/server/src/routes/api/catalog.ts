import { catalogOf } from '@stagecraft/sdk';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TemplateSchema } from '../../journeys/templates';
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
  })
  .meta({ id: 'NodeType' });

/** What the editor builds its palette and inspector forms from, and the journey templates. */
export default async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // The registry is fixed for the life of the process, so the catalog is computed once.
  const nodeTypes = catalogOf(app.registry);

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
