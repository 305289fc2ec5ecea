import { upgradeNodes } from '@stagecraft/compiler';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../../errors';
import { blankDocument, parseDocument } from '../../../journeys/document';
import { DocumentSchema, JourneyDetailSchema, JourneyParamsSchema, JourneySummarySchema } from '../schemas';
import approvalRoutes from './approvals';
import lifecycleRoutes from './lifecycle';
import publishingRoutes from './publishing';
import runRoutes from './runs';

const CreateJourneySchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional().describe('Overrides the template or document name'),
    templateId: z.string().optional().describe('Start from this template (GET /api/templates)'),
    document: DocumentSchema.optional().describe(
      'Import this document (e.g. exported from another installation)',
    ),
  })
  .refine((body) => !(body.templateId && body.document), {
    message: 'send either templateId or document, not both',
    path: ['templateId'],
  });

/** Journeys: list, create, read and save drafts. Lifecycle, publishing and runs live beside. */
export default async function journeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { journeys, workspaces } = app.repositories;
  const tags = ['Journeys'];

  app.get(
    '/',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: 'List journeys with status, published version and active customers',
        response: { 200: z.object({ journeys: z.array(JourneySummarySchema) }) },
      },
    },
    async (request) => ({ journeys: await journeys.list(request.workspaceId) }),
  );

  app.post(
    '/',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: 'Create a journey: blank, from a template, or from a document',
        body: CreateJourneySchema.nullish(),
        response: { 201: JourneyDetailSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      let document: Record<string, unknown>;
      if (body.templateId) {
        const template = app.templates.find((t) => t.id === body.templateId);
        if (!template) throw new AppError('template-not-found', { field: 'templateId' });
        document = { ...template.document };
      } else if (body.document) {
        document = parseDocument(body.document);
      } else {
        const workspace = await workspaces.get(request.workspaceId);
        document = blankDocument(body.name ?? 'Untitled journey', workspace?.stages ?? []);
      }
      if (body.name) document.name = body.name;
      const created = await journeys.create(
        request.workspaceId,
        upgradeNodes(parseDocument(document), app.registry),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: 'A journey with its draft document, revision, status and versions',
        params: JourneyParamsSchema,
        response: { 200: JourneyDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const journey = await journeys.get(request.workspaceId, request.params.id);
      if (!journey) throw new AppError('journey-not-found');
      // Steps saved by an older version of their type open upgraded, as they compile.
      return { ...journey, document: upgradeNodes(journey.document, app.registry) };
    },
  );

  app.put(
    '/:id/draft',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: 'Save the draft; 409 draft-conflict when someone saved since `revision`',
        params: JourneyParamsSchema,
        body: z.object({
          document: DocumentSchema,
          revision: z.number().int().nonnegative().describe('The revision this edit started from'),
        }),
        response: {
          200: z.object({ revision: z.number().int(), updatedAt: z.string() }),
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const document = parseDocument(request.body.document);
      const saved = await journeys.saveDraft(request.workspaceId, id, document, request.body.revision);
      if (!saved) throw new AppError('journey-not-found');
      if ('archived' in saved) throw new AppError('journey-archived');
      if ('conflict' in saved) {
        throw new AppError('draft-conflict', {
          field: 'revision',
          message: `This draft was saved elsewhere (now revision ${saved.conflict}, you edited revision ${request.body.revision}). Reload the journey to get the latest draft, then redo your change.`,
          details: { currentRevision: saved.conflict },
        });
      }
      // One entry per editing session (see DRAFT_SESSION_MS): the revision the session started from.
      await app.audit(request, {
        action: 'journey.draft',
        target: { kind: 'journey', id },
        before: { revision: request.body.revision },
        after: { revision: saved.revision, name: document.name },
      });
      return saved;
    },
  );

  await app.register(lifecycleRoutes);
  await app.register(publishingRoutes);
  await app.register(approvalRoutes);
  await app.register(runRoutes);
}
