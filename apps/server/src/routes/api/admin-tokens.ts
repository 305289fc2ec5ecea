import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';

const AdminTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The kind marker (sc_admin_) or the first four characters'),
    lastFour: z
      .string()
      .nullable()
      .describe('The last four characters; null for tokens stored before they were kept'),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().describe('Last use, updated at most once a minute'),
    revokedAt: z.string().nullable(),
    current: z.boolean().describe('The token this request is signed in with'),
  })
  .meta({ id: 'AdminToken' });

/** Admin tokens for the management API and the editor's sign-in; a token is shown once, when created. */
export default async function adminTokenRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { apiKeys } = app.repositories;
  const tags = ['Settings'];

  app.get(
    '/settings/tokens',
    {
      config: { permission: 'keys:manage' },
      schema: {
        tags,
        summary: 'Admin tokens, newest first (revoked ones included)',
        response: { 200: z.object({ tokens: z.array(AdminTokenSchema) }) },
      },
    },
    async (request) => {
      const current = request.credential?.apiKeyId;
      const tokens = await apiKeys.listAdminTokens(request.workspaceId);
      return { tokens: tokens.map((token) => ({ ...token, current: token.id === current })) };
    },
  );

  app.post(
    '/settings/tokens',
    {
      config: { permission: 'keys:manage' },
      schema: {
        tags,
        summary: 'Create an admin token; the response holds the token, shown this once only',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: {
          201: z.object({
            token: AdminTokenSchema,
            secret: z.string().describe('The admin token itself; store it now'),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { token: secret, ...token } = await apiKeys.createAdminToken(
        request.workspaceId,
        request.body.name,
      );
      return reply.code(201).send({ token: { ...token, current: false }, secret });
    },
  );

  app.delete(
    '/settings/tokens/:id',
    {
      config: { permission: 'keys:manage' },
      schema: {
        tags,
        summary: 'Revoke an admin token and end the editor sessions signed in with it',
        description:
          'The token the request is signed in with cannot be revoked (409): sign in with another first.',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 204: z.null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      if (request.params.id === request.credential?.apiKeyId) throw new AppError('admin-token-in-use');
      if (!(await apiKeys.revokeAdminToken(request.workspaceId, request.params.id))) {
        throw new AppError('admin-token-not-found');
      }
      return reply.code(204).send(null);
    },
  );
}
