import { PUBLISH_REQUEST_STATUSES } from '@stagecraft/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../../errors';
import { ChangeSummarySchema, diffDocuments } from '../../../journeys/diff';
import { compileForPublish, needsApproval, publishCompiled } from '../../../journeys/publish';
import { DiagnosticSchema, JourneyParamsSchema, VersionSummarySchema } from '../schemas';

const PublishRequestSchema = z
  .object({
    id: z.string(),
    status: z.enum(PUBLISH_REQUEST_STATUSES),
    revision: z.number().int().describe('The draft revision that was asked to be published'),
    requestedBy: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
    createdAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    note: z.string().nullable().describe("The reviewer's reason for a rejection"),
    version: z.number().int().nullable().describe('The version an approval published'),
    changes: ChangeSummarySchema.describe('What the requested draft changes compared with the live version'),
  })
  .meta({ id: 'PublishRequest' });

/** A publish request as the API lists it, with its diff to the live version. */
export type PublishRequestView = z.infer<typeof PublishRequestSchema>;

const RequestParamsSchema = JourneyParamsSchema.extend({ requestId: z.string().min(1).max(200) });

/**
 * Publish approval: in workspaces that require it, a marketer's publish waits here, with the
 * diff to the live version, until an admin or owner approves (publishing exactly what was asked)
 * or rejects it.
 */
export default async function approvalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { journeys, workspaces, publishRequests } = app.repositories;
  const tags = ['Journeys'];

  /** Refuses a decision by someone whose own publish would need approval. */
  async function checkReviewer(request: FastifyRequest): Promise<void> {
    if (needsApproval(await workspaces.get(request.workspaceId), request.credential!.role)) {
      throw new AppError('permission-denied', {
        message: 'Only an admin or owner can approve or reject a publish in this workspace.',
      });
    }
  }

  app.get(
    '/:id/publish-requests',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: "The journey's publish requests, newest first, each with its diff to the live version",
        params: JourneyParamsSchema,
        response: { 200: z.object({ requests: z.array(PublishRequestSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const journey = await journeys.get(request.workspaceId, id);
      if (!journey) throw new AppError('journey-not-found');
      const live = journey.publishedVersion
        ? await journeys.version(request.workspaceId, id, journey.publishedVersion)
        : null;
      const requests = await publishRequests.list(request.workspaceId, id);
      return {
        requests: requests.map(({ document, journeyId: _j, ...rest }) => ({
          ...rest,
          changes: diffDocuments(live?.document ?? null, document, journey.publishedVersion),
        })),
      };
    },
  );

  app.post(
    '/:id/publish-requests/:requestId/approve',
    {
      config: { permission: 'journeys:publish' },
      schema: {
        tags,
        summary: 'Approve a publish request: publishes the draft as it was when asked (admins and owners)',
        params: RequestParamsSchema,
        response: {
          201: VersionSummarySchema.extend({
            diagnostics: z.array(DiagnosticSchema),
            changes: ChangeSummarySchema,
          }),
          ...errorResponses(403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      await checkReviewer(request);
      const { id, requestId } = request.params;
      const pending = await publishRequests.pending(request.workspaceId, id, requestId);
      if (!pending) throw new AppError('publish-request-not-found');
      const journey = await journeys.get(request.workspaceId, id);
      if (!journey) throw new AppError('journey-not-found');
      if (journey.status === 'archived') throw new AppError('journey-archived');
      const compiled = compileForPublish(app, id, pending.document, (journey.versions[0]?.version ?? 0) + 1);
      // Claimed before publishing, so two reviewers approving at once publish it once.
      const claimed = await publishRequests.decide(request.workspaceId, id, requestId, {
        status: 'approved',
        decidedBy: request.credential!.userId,
      });
      if (!claimed) throw new AppError('publish-request-not-found');
      let published: Awaited<ReturnType<typeof publishCompiled>>;
      try {
        published = await publishCompiled(app, request, id, compiled, { requestId });
      } catch (error) {
        await publishRequests.reopen(requestId);
        throw error;
      }
      await publishRequests.published(requestId, published.version);
      return reply.code(201).send(published);
    },
  );

  app.post(
    '/:id/publish-requests/:requestId/reject',
    {
      config: { permission: 'journeys:publish' },
      schema: {
        tags,
        summary: 'Reject a publish request, with a reason for its author (admins and owners)',
        params: RequestParamsSchema,
        body: z.object({ note: z.string().trim().max(500).optional() }).nullish(),
        response: { 204: z.null(), ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await checkReviewer(request);
      const { id, requestId } = request.params;
      const decided = await publishRequests.decide(request.workspaceId, id, requestId, {
        status: 'rejected',
        decidedBy: request.credential!.userId,
        note: request.body?.note,
      });
      if (!decided) throw new AppError('publish-request-not-found');
      return reply.code(204).send(null);
    },
  );
}
