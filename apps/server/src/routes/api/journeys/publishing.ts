import { compileJourney } from '@stagecraft/compiler';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../../errors';
import { ChangeSummarySchema } from '../../../journeys/diff';
import { portsByNode, summariesByNode } from '../../../journeys/document';
import { compileForPublish, needsApproval, publishCompiled } from '../../../journeys/publish';
import {
  DiagnosticSchema,
  DocumentSchema,
  JourneyParamsSchema,
  PortSchema,
  VersionDetailSchema,
  VersionParamsSchema,
  VersionSummarySchema,
} from '../schemas';

/** Validation as the user edits, publishing, and the version history. */
export default async function publishingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { journeys, workspaces, publishRequests } = app.repositories;
  const tags = ['Journeys'];

  app.post(
    '/:id/validate',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary:
          'Compile a document and return its diagnostics, and each node’s output ports and summary line',
        params: JourneyParamsSchema,
        body: z.object({ document: DocumentSchema }),
        response: {
          200: z.object({
            diagnostics: z.array(DiagnosticSchema),
            ports: z.record(z.string(), z.array(PortSchema)),
            summaries: z
              .record(z.string(), z.string())
              .describe(
                'The line each card shows under its title, by node id; absent while a config does not parse',
              ),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      if (!(await journeys.exists(request.workspaceId, request.params.id)))
        throw new AppError('journey-not-found');
      const { document } = request.body;
      const result = compileJourney(document as never, app.registry, {
        journeyId: request.params.id,
        version: 0,
      });
      return {
        diagnostics: result.diagnostics,
        ports: portsByNode(document, app.registry),
        summaries: summariesByNode(document, app.registry),
      };
    },
  );

  app.post(
    '/:id/publish',
    {
      config: { permission: 'journeys:publish' },
      schema: {
        tags,
        summary: 'Freeze the draft as a new immutable version (422 with diagnostics while errors remain)',
        description:
          "In a workspace that requires approval, a marketer's publish answers 202 and waits for an admin (see /publish-requests).",
        params: JourneyParamsSchema,
        body: z
          .object({
            revision: z
              .number()
              .int()
              .nonnegative()
              .optional()
              .describe('Publish only if the draft is still at this revision'),
          })
          .nullish(),
        response: {
          201: VersionSummarySchema.extend({
            diagnostics: z.array(DiagnosticSchema).describe('Warnings that did not block publishing'),
            changes: ChangeSummarySchema,
          }),
          202: z
            .object({
              pending: z.literal(true),
              requestId: z.string(),
              diagnostics: z.array(DiagnosticSchema),
            })
            .describe("The workspace requires approval: the draft waits for an admin's decision"),
          ...errorResponses(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const journey = await journeys.get(request.workspaceId, id);
      if (!journey) throw new AppError('journey-not-found');
      if (journey.status === 'archived') throw new AppError('journey-archived');
      const expected = request.body?.revision;
      if (expected !== undefined && expected !== journey.revision) {
        throw new AppError('draft-conflict', {
          field: 'revision',
          details: { currentRevision: journey.revision },
        });
      }
      const next = (journey.versions[0]?.version ?? 0) + 1;
      const compiled = compileForPublish(app, id, journey.document, next);
      const credential = request.credential!;
      if (needsApproval(await workspaces.get(request.workspaceId), credential.role)) {
        const requestId = await publishRequests.create({
          workspaceId: request.workspaceId,
          journeyId: id,
          document: compiled.document,
          revision: journey.revision,
          requestedBy: credential.userId,
        });
        return reply.code(202).send({ pending: true as const, requestId, diagnostics: compiled.diagnostics });
      }
      return reply
        .code(201)
        .send(await publishCompiled(app, request, id, compiled, { revision: journey.revision }));
    },
  );

  app.get(
    '/:id/versions',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: 'Published versions, newest first',
        params: JourneyParamsSchema,
        response: { 200: z.object({ versions: z.array(VersionSummarySchema) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const journey = await journeys.get(request.workspaceId, request.params.id);
      if (!journey) throw new AppError('journey-not-found');
      return { versions: journey.versions };
    },
  );

  app.get(
    '/:id/versions/:version',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: 'One published version with its frozen document',
        params: VersionParamsSchema,
        response: { 200: VersionDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const found = await journeys.version(request.workspaceId, request.params.id, request.params.version);
      if (!found) throw new AppError('version-not-found');
      return found;
    },
  );

  app.post(
    '/:id/versions/:version/restore',
    {
      config: { permission: 'journeys:publish' },
      schema: {
        tags,
        summary: 'Make a published version the draft again (the next publish creates a new version)',
        params: VersionParamsSchema,
        response: {
          200: z.object({ revision: z.number().int(), updatedAt: z.string() }),
          ...errorResponses(404, 409),
        },
      },
    },
    async (request) => {
      const { id, version } = request.params;
      const found = await journeys.version(request.workspaceId, id, version);
      if (!found) throw new AppError('version-not-found');
      const name = typeof found.document.name === 'string' ? found.document.name : 'Restored journey';
      const saved = await journeys.saveDraft(request.workspaceId, id, { ...found.document, name }, null);
      if (!saved) throw new AppError('journey-not-found');
      if ('archived' in saved) throw new AppError('journey-archived');
      if ('conflict' in saved) throw new AppError('draft-conflict');
      await app.audit(request, {
        action: 'journey.restore',
        target: { kind: 'journey', id },
        after: { restoredVersion: version, revision: saved.revision },
      });
      return saved;
    },
  );
}
