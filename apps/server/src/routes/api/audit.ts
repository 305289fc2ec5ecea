import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../errors';

const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z
      .object({
        kind: z.enum(['user', 'token', 'system']),
        id: z.string(),
        name: z.string().nullable().describe("The API token's name; null for users"),
      })
      .describe('A user id, or the id of the API token the change was made with'),
    address: z.string().nullable().describe('The client address the change came from'),
    action: z.string().describe('e.g. journey.publish, keys.create, settings.update'),
    target: z.object({ kind: z.string(), id: z.string() }),
    before: z.unknown().describe('The state before the change, when it had one'),
    after: z.unknown().describe('The state after the change'),
  })
  .meta({ id: 'AuditEntry' });

const TimeSchema = z.iso.datetime({
  offset: true,
  error: 'give an ISO 8601 time such as 2026-01-31T00:00:00Z',
});

const AuditQuerySchema = z.object({
  from: TimeSchema.optional().describe('Entries at or after this time'),
  to: TimeSchema.optional().describe('Entries at or before this time'),
  actor: z.string().min(1).max(100).optional().describe('A user id or API token id'),
  action: z
    .string()
    .regex(
      /^[a-z][a-z-]*(\.[a-z][a-z-]*)?$/,
      'give an action such as "journey.publish", or a namespace such as "journey"',
    )
    .max(100)
    .optional(),
  target: z.string().min(1).max(200).optional().describe('"kind:id" (journey:jrn_…) or a bare id'),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'pass the nextCursor of the previous page as it was')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The workspace's audit trail, newest first, a page at a time; entries cannot be changed or deleted. */
export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { audit } = app.repositories;

  app.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['Audit'],
        summary: 'Who changed what, when and from where; newest first, paged with nextCursor',
        querystring: AuditQuerySchema,
        response: {
          200: z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const { from, to, cursor, ...filters } = request.query;
      return audit.list(request.workspaceId, {
        ...filters,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        cursor: cursor === undefined ? undefined : Number(cursor),
      });
    },
  );
}
