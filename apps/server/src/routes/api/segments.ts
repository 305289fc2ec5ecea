import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import { SegmentRuleGroupSchema } from '../../segments/rules';

const SegmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    rules: z.unknown().describe('The rule group (see docs/analytics.md, Segments)'),
    size: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Segment' });

const SegmentInputSchema = z.object({
  name: z.string().trim().min(1, 'give the segment a name').max(200),
  rules: SegmentRuleGroupSchema,
});

const IdSchema = z.object({ id: z.string().min(1).max(100) });

/** Saved segments: rules, live membership, size history, member pages and a preview while editing. */
export default async function segmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Segments'];

  const found = async (workspaceId: string, id: string) => {
    const segment = await app.segments.get(workspaceId, id);
    if (!segment) throw new AppError('segment-not-found');
    return segment;
  };

  app.get(
    '/segments',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'Saved segments with their size now',
        response: { 200: z.object({ segments: z.array(SegmentSchema) }) },
      },
    },
    async (request) => ({ segments: await app.segments.list(request.workspaceId) }),
  );

  app.post(
    '/segments',
    {
      config: { permission: 'segments:write' },
      schema: {
        tags,
        summary: 'Save a segment; its members are computed at once and kept current after',
        body: SegmentInputSchema,
        response: { 201: SegmentSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const created = await app.segments.create(request.workspaceId, request.body);
      await app.audit(request, {
        action: 'segment.create',
        target: { kind: 'segment', id: created.id },
        after: { name: created.name, rules: created.rules },
      });
      reply.code(201);
      return created;
    },
  );

  app.post(
    '/segments/preview',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'The size rules would have now and ten sample customers, without saving',
        body: z.object({ rules: SegmentRuleGroupSchema }),
        response: {
          200: z.object({ size: z.number().int(), sample: z.array(z.string()) }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => app.segments.preview(request.workspaceId, request.body.rules),
  );

  app.get(
    '/segments/:id',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'A segment, with its size at the end of each day',
        params: IdSchema,
        response: {
          200: SegmentSchema.extend({
            sizeHistory: z.array(z.object({ day: z.string(), size: z.number().int() })),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => ({
      ...(await found(request.workspaceId, request.params.id)),
      sizeHistory: await app.segments.sizeHistory(request.workspaceId, request.params.id),
    }),
  );

  app.put(
    '/segments/:id',
    {
      config: { permission: 'segments:write' },
      schema: {
        tags,
        summary: 'Rename a segment or change its rules; members are recomputed',
        params: IdSchema,
        body: SegmentInputSchema,
        response: { 200: SegmentSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const before = await app.segments.get(request.workspaceId, request.params.id);
      const updated = await app.segments.update(request.workspaceId, request.params.id, request.body);
      if (!before || !updated) throw new AppError('segment-not-found');
      await app.audit(request, {
        action: 'segment.update',
        target: { kind: 'segment', id: updated.id },
        before: { name: before.name, rules: before.rules },
        after: { name: updated.name, rules: updated.rules },
      });
      return updated;
    },
  );

  app.delete(
    '/segments/:id',
    {
      config: { permission: 'segments:write' },
      schema: {
        tags,
        summary: 'Delete a segment no live journey uses',
        params: IdSchema,
        response: { 204: z.null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await found(request.workspaceId, request.params.id);
      const uses = await app.segments.uses(request.workspaceId, request.params.id);
      if (uses.length > 0) {
        throw new AppError('segment-in-use', {
          message: `Live journeys use this segment (${uses.map((u) => `"${u.name}"`).join(', ')}); pause them or remove the segment from them first.`,
          details: { journeys: uses },
        });
      }
      const before = await app.segments.get(request.workspaceId, request.params.id);
      await app.segments.remove(request.workspaceId, request.params.id);
      await app.audit(request, {
        action: 'segment.delete',
        target: { kind: 'segment', id: request.params.id },
        before: before && { name: before.name, rules: before.rules },
      });
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/segments/:id/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'Members of a segment in customer id order; pass `next` as `after` for the following page',
        params: IdSchema,
        querystring: z.object({
          after: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({
            customers: z.array(z.object({ customerId: z.string(), enteredAt: z.string() })),
            next: z.string().nullable(),
          }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      await found(request.workspaceId, request.params.id);
      return app.segments.members(
        request.workspaceId,
        request.params.id,
        request.query.after,
        request.query.limit,
      );
    },
  );
}
