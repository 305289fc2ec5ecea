import { TOKEN_ROLES } from '@stagecraft/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import type { TokenSummary } from '../../repositories/index';
import { refuseRoleAboveCaller, workspaceInReach } from './workspace-param';

const RoleSchema = z
  .enum(TOKEN_ROLES)
  .describe('What the token may do in its workspace: viewer < marketer < admin < owner');

const AdminTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
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

const NameSchema = z.string().trim().min(1, 'give the token a name').max(100);
const WorkspaceParamsSchema = z.object({ id: z.string().min(1).max(100) });
const TokenParamsSchema = z.object({ id: z.string().min(1).max(100), tokenId: z.string().min(1).max(100) });

/** What the audit trail keeps of a token: never the secret. */
const auditView = ({ name, role, prefix, lastFour }: TokenSummary) => ({ name, role, prefix, lastFour });

/**
 * API tokens: each belongs to one workspace and acts there with its role; a token is shown once,
 * when created. `/settings/tokens` is the caller's workspace, `/workspaces/:id/tokens` any
 * workspace in the caller's reach (its own, or one it created).
 */
export default async function adminTokenRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { apiKeys } = app.repositories;
  const tags = ['Settings'];
  const config = { permission: 'keys:manage' as const };

  async function list(request: FastifyRequest, workspaceId: string) {
    const current = request.credential?.apiKeyId;
    const tokens = await apiKeys.listAdminTokens(workspaceId);
    return tokens.map((token) => ({ ...token, current: token.id === current }));
  }

  async function create(
    request: FastifyRequest,
    workspaceId: string,
    name: string,
    role: TokenSummary['role'],
  ) {
    refuseRoleAboveCaller(request, role);
    const { token: secret, ...token } = await apiKeys.createAdminToken(workspaceId, name, role);
    await app.audit(request, {
      workspaceId,
      action: 'keys.create',
      target: { kind: 'token', id: token.id },
      after: auditView(token),
    });
    return { token, secret };
  }

  async function revoke(request: FastifyRequest, workspaceId: string, id: string) {
    if (id === request.credential?.apiKeyId) throw new AppError('admin-token-in-use');
    const revoked = await apiKeys.revokeAdminToken(workspaceId, id);
    if (!revoked) throw new AppError('admin-token-not-found');
    await app.audit(request, {
      workspaceId,
      action: 'keys.revoke',
      target: { kind: 'token', id },
      before: auditView(revoked),
    });
  }

  app.get(
    '/settings/tokens',
    {
      config,
      schema: {
        tags,
        summary: "The workspace's API tokens, newest first (revoked ones included)",
        response: { 200: z.object({ tokens: z.array(AdminTokenSchema) }) },
      },
    },
    async (request) => ({ tokens: await list(request, request.workspaceId) }),
  );

  app.post(
    '/settings/tokens',
    {
      config,
      schema: {
        tags,
        summary: 'Create an API token; the response holds the token, shown this once only',
        body: z.object({ name: NameSchema, role: RoleSchema.default('owner') }),
        response: {
          201: z.object({
            token: AdminTokenSchema,
            secret: z.string().describe('The token itself; store it now'),
          }),
          ...errorResponses(400, 403),
        },
      },
    },
    async (request, reply) => {
      const { token, secret } = await create(
        request,
        request.workspaceId,
        request.body.name,
        request.body.role,
      );
      return reply.code(201).send({ token: { ...token, current: false }, secret });
    },
  );

  app.delete(
    '/settings/tokens/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke an API token and end the editor sessions signed in with it',
        description:
          'The token the request is signed in with cannot be revoked (409): sign in with another first.',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 204: z.null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await revoke(request, request.workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/workspaces/:id/tokens',
    {
      config,
      schema: {
        tags: ['Workspaces'],
        summary: "A workspace's API tokens, newest first (revoked ones included)",
        params: WorkspaceParamsSchema,
        response: { 200: z.object({ tokens: z.array(AdminTokenSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ tokens: await list(request, await workspaceInReach(request, request.params.id)) }),
  );

  app.post(
    '/workspaces/:id/tokens',
    {
      config,
      schema: {
        tags: ['Workspaces'],
        summary: 'Create an API token acting only in this workspace, with this role; shown this once only',
        params: WorkspaceParamsSchema,
        body: z.object({ name: NameSchema, role: RoleSchema }),
        response: {
          201: z.object({ id: z.string(), token: z.string().describe('The token itself; store it now') }),
          ...errorResponses(400, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const workspaceId = await workspaceInReach(request, request.params.id);
      const { token, secret } = await create(request, workspaceId, request.body.name, request.body.role);
      return reply.code(201).send({ id: token.id, token: secret });
    },
  );

  app.delete(
    '/workspaces/:id/tokens/:tokenId',
    {
      config,
      schema: {
        tags: ['Workspaces'],
        summary: 'Revoke a token of this workspace and end the editor sessions signed in with it',
        params: TokenParamsSchema,
        response: { 204: z.null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await revoke(request, await workspaceInReach(request, request.params.id), request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
}
