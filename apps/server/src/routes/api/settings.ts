import { StageSchema } from '@stagecraft/graph';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AnalyticsSettingsSchema,
  readAnalyticsSettings,
  writeAnalyticsSettings,
} from '../../analytics/settings';
import { errorResponses } from '../../errors';

const StagesSchema = z
  .array(StageSchema.extend({ order: z.number().int().nonnegative().optional() }))
  .min(1, 'keep at least one stage')
  .max(50)
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((stage, index) => {
      if (seen.has(stage.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `stage id "${stage.id}" is used twice`,
        });
      }
      seen.add(stage.id);
    });
  });

const StagesResponseSchema = z.object({ stages: z.array(StageSchema.meta({ id: 'Stage' })) });

const SigningSecretSchema = z.object({
  secret: z.string().describe('Key of the v2 signature, for receivers to verify requests with'),
  header: z.literal('X-Stagecraft-Signature'),
  scheme: z.string().describe('What the v2 signature covers'),
});

/** Workspace settings: the lifecycle stages new journeys are drawn on, analytics, and the signing secret. */
export default async function settingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { workspaces, secrets } = app.repositories;
  const tags = ['Settings'];

  app.get(
    '/settings/stages',
    {
      schema: { tags, summary: 'Lifecycle stages in order', response: { 200: StagesResponseSchema } },
    },
    async (request) => ({ stages: (await workspaces.get(request.workspaceId))?.stages ?? [] }),
  );

  app.put(
    '/settings/stages',
    {
      schema: {
        tags,
        summary: 'Rename, reorder and recolour stages; the array order is the new order',
        body: z.object({ stages: StagesSchema }),
        response: { 200: StagesResponseSchema, ...errorResponses(400) },
      },
    },
    async (request) => ({
      stages: await workspaces.setStages(
        request.workspaceId,
        request.body.stages.map((stage, order) => ({ ...stage, order })),
      ),
    }),
  );

  app.get(
    '/settings/analytics',
    {
      schema: {
        tags,
        summary:
          'Currency, churn window, CLV horizon and the events and properties that feed each lifecycle metric',
        response: { 200: AnalyticsSettingsSchema },
      },
    },
    async (request) => readAnalyticsSettings(app.database.db, request.workspaceId),
  );

  app.put(
    '/settings/analytics',
    {
      schema: {
        tags,
        summary: 'Replace the analytics settings; fields left out take their Segment-spec defaults',
        body: AnalyticsSettingsSchema,
        response: { 200: AnalyticsSettingsSchema, ...errorResponses(400) },
      },
    },
    async (request) =>
      writeAnalyticsSettings(app.database.db, request.workspaceId, request.body, new Date(app.now())),
  );

  app.get(
    '/settings/signing-secret',
    {
      schema: {
        tags,
        summary: "The workspace's key for verifying the v2 signature of its webhooks and HTTP requests",
        response: { 200: SigningSecretSchema },
      },
    },
    async (request) => ({
      secret: await secrets.workspaceSigningSecret(request.workspaceId),
      header: 'X-Stagecraft-Signature' as const,
      scheme:
        'v2 = hex HMAC-SHA256(secret, t + "." + METHOD + "." + url + "." + body); reject t more than 300 s away',
    }),
  );
}
