import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../../errors';
import { JourneyParamsSchema } from '../schemas';
import { decodeWaitingCursor, encodeWaitingCursor } from './waiting-cursor';

const NodeStatsSchema = z.object({
  entered: z.number().int(),
  waiting: z.number().int(),
  completed: z.number().int(),
  errored: z.number().int(),
  capped: z.number().int().describe('Messages a frequency cap skipped or holds back'),
  deferred: z.number().int().describe('Messages deferred now (quiet hours, a frequency cap, a send rate)'),
});

const EdgeStatsSchema = z.object({
  nodeId: z.string(),
  port: z.string().describe("The node's output port the edge leaves from"),
  passed: z.number().int().describe('Runs that left the node through this port'),
  converted: z.number().int().describe("Of those, runs that reached the journey's goal"),
});

const JourneyStatsSchema = z
  .object({
    journeyId: z.string(),
    version: z.number().int().nullable(),
    nodes: z.record(z.string(), NodeStatsSchema),
    edges: z.array(EdgeStatsSchema),
    totals: z.object({
      runs: z.number().int(),
      active: z.number().int(),
      completed: z.number().int(),
      exited: z.number().int(),
      converted: z.number().int(),
      failed: z.number().int(),
    }),
  })
  .meta({ id: 'JourneyStats' });

const MigrationPlanSchema = z.object({
  fromVersion: z.number().int().positive(),
  toVersion: z.number().int().positive(),
  nodeMap: z
    .record(z.string(), z.string())
    .describe('Node id in fromVersion -> node id in toVersion; waiting customers at unmapped nodes stay'),
});

const MigrationPreviewSchema = z
  .object({
    journeyId: z.string(),
    fromVersion: z.number().int(),
    toVersion: z.number().int(),
    moves: z.array(z.object({ fromNodeId: z.string(), toNodeId: z.string(), runs: z.number().int() })),
    staying: z.array(z.object({ nodeId: z.string(), runs: z.number().int() })),
    problems: z.array(z.object({ nodeId: z.string(), message: z.string() })),
  })
  .meta({ id: 'MigrationPreview' });

/** Numbers, explicit migrations of customers in flight, and entering customers through the API. */
export default async function runRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Journeys'];

  app.get(
    '/:id/stats',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary:
          'Per node: entered, waiting now, completed, errored; per edge: runs through it and conversions (one version, or all)',
        params: JourneyParamsSchema,
        querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
        response: { 200: JourneyStatsSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await app.repositories.journeys.exists(request.workspaceId, id)))
        throw new AppError('journey-not-found');
      return app.runtime.stats(request.workspaceId, id, request.query.version);
    },
  );

  app.get(
    '/:id/nodes/:nodeId/waiting',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'Customers waiting at a node, soonest to move on first; pass `next` as `cursor` for more',
        params: JourneyParamsSchema.extend({ nodeId: z.string().min(1).max(100) }),
        querystring: z.object({
          version: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .describe('The journey version (default: the published one)'),
          cursor: z.string().max(400).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({
            version: z.number().int(),
            customers: z.array(
              z.object({
                customerId: z.string(),
                runId: z.string(),
                enteredAt: z.string(),
                movesOnAt: z
                  .string()
                  .nullable()
                  .describe(
                    'When the run moves on by itself (a wait or a timeout); null: only an event moves it',
                  ),
              }),
            ),
            next: z.string().nullable(),
          }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => {
      const { id, nodeId } = request.params;
      const journey = await app.repositories.journeys.get(request.workspaceId, id);
      if (!journey) throw new AppError('journey-not-found');
      const version = request.query.version ?? journey.publishedVersion;
      if (version === null) {
        throw new AppError('version-not-found', {
          message: 'This journey has not been published yet; nobody waits in it.',
          field: 'version',
        });
      }
      const after =
        request.query.cursor === undefined ? undefined : decodeWaitingCursor(request.query.cursor);
      const page = await app.runtime.waiting(request.workspaceId, id, version, nodeId, {
        ...(after ? { after } : {}),
        limit: request.query.limit,
      });
      return {
        version,
        customers: page.customers.map((c) => ({
          customerId: c.customerId,
          runId: c.runId,
          enteredAt: new Date(c.enteredAt).toISOString(),
          movesOnAt: c.wakeAt === null ? null : new Date(c.wakeAt).toISOString(),
        })),
        next: page.next ? encodeWaitingCursor(page.next) : null,
      };
    },
  );

  app.post(
    '/:id/migrations/preview',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: 'How many waiting customers a node map would move, from which node to which',
        params: JourneyParamsSchema,
        body: MigrationPlanSchema,
        response: { 200: MigrationPreviewSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => app.runtime.previewMigration(request.workspaceId, request.params.id, request.body),
  );

  app.post(
    '/:id/migrations/apply',
    {
      config: { permission: 'journeys:publish' },
      schema: {
        tags,
        summary:
          'Move waiting customers to the newer version as the node map says (refused while problems remain)',
        params: JourneyParamsSchema,
        body: MigrationPlanSchema,
        response: {
          200: MigrationPreviewSchema.extend({ moved: z.number().int() }),
          ...errorResponses(400, 404, 422),
        },
      },
    },
    async (request) => {
      const result = await app.runtime.applyMigration(request.workspaceId, request.params.id, request.body);
      if (result.problems.length > 0 && result.moved === 0) {
        throw new AppError('invalid-migration', {
          message: `The plan cannot be applied: ${result.problems[0]!.message}`,
          details: { problems: result.problems },
        });
      }
      const { fromVersion, toVersion, nodeMap } = request.body;
      await app.audit(request, {
        action: 'journey.migrate',
        target: { kind: 'journey', id: request.params.id },
        before: { version: fromVersion },
        after: { version: toVersion, nodeMap, moved: result.moved },
      });
      return result;
    },
  );

  app.post(
    '/:id/enter',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary: 'Enter a customer through the journey’s API trigger',
        params: JourneyParamsSchema,
        body: z.object({
          customerId: z.string().trim().min(1).max(200),
          properties: z.record(z.string(), z.unknown()).default({}),
        }),
        response: { 200: z.object({ runId: z.string() }), ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { customerId, properties } = request.body;
      const result = await app.runtime.enter(request.workspaceId, request.params.id, customerId, properties);
      if ('refused' in result) {
        throw new AppError('entry-refused', { message: `${result.refused} The customer was not entered.` });
      }
      return result;
    },
  );
}
