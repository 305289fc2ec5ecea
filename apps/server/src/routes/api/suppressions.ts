import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';

const SuppressionSchema = z
  .object({
    channel: z.string(),
    address: z.string(),
    reason: z.string(),
    messageId: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Suppression' });

/** Addresses no message goes to (hard bounces, invalid numbers, dead device tokens), and their removal. */
export default async function suppressionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Messages'];
  const { suppressions } = app.repositories;

  app.get(
    '/suppressions',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: 'Suppressed addresses, newest first',
        querystring: z.object({
          channel: z.enum(['email', 'sms', 'push']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ suppressions: z.array(SuppressionSchema) }), ...errorResponses(400) },
      },
    },
    async (request) => {
      const { channel, limit } = request.query;
      return { suppressions: await suppressions.list(request.workspaceId, { channel, limit }) };
    },
  );

  app.delete(
    '/suppressions/:channel/:address',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags,
        summary: 'Remove a suppressed address, so messages go to it again',
        params: z.object({ channel: z.enum(['email', 'sms', 'push']), address: z.string().min(1).max(500) }),
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { channel, address } = request.params;
      if (!(await suppressions.remove(request.workspaceId, channel, address))) {
        throw new AppError('suppression-not-found');
      }
      await app.audit(request, {
        action: 'settings.update',
        target: { kind: 'suppression', id: `${request.params.channel}:${request.params.address}` },
        before: { suppressed: true },
        after: { suppressed: false },
      });
      return reply.code(204).send(null);
    },
  );
}
