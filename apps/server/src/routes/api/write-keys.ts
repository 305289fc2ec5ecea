import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import type { WriteKeySummary } from '../../repositories/index';
import { workspaceInReach } from './workspace-param';

const WriteKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The kind marker (sc_wk_) or the first four characters'),
    lastFour: z
      .string()
      .nullable()
      .describe('The last four characters; null for keys stored before they were kept'),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().describe('Last use, updated at most once a minute'),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'WriteKey' });

const NameSchema = z.string().trim().min(1, 'give the key a name').max(100);
const WorkspaceParamsSchema = z.object({ id: z.string().min(1).max(100) });
const KeyParamsSchema = z.object({ id: z.string().min(1).max(100), keyId: z.string().min(1).max(100) });

/** What the audit trail keeps of a key: never the secret. */
const auditView = ({ name, prefix, lastFour }: WriteKeySummary) => ({ name, prefix, lastFour });

/**
 * Ingestion write keys, each of one workspace: events sent with it reach only that workspace's
 * customers. A key is shown once, when it is created. `/write-keys` is the caller's workspace,
 * `/workspaces/:id/write-keys` any workspace in the caller's reach.
 */
export default async function writeKeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { apiKeys } = app.repositories;
  const tags = ['Settings'];
  const config = { permission: 'keys:manage' as const };

  async function create(request: FastifyRequest, workspaceId: string, name: string) {
    const { key, ...writeKey } = await apiKeys.createWriteKey(workspaceId, name);
    await app.audit(request, {
      workspaceId,
      action: 'keys.create',
      target: { kind: 'write-key', id: writeKey.id },
      after: auditView(writeKey),
    });
    return { key, writeKey };
  }

  async function revoke(request: FastifyRequest, workspaceId: string, id: string) {
    const revoked = await apiKeys.revokeWriteKey(workspaceId, id);
    if (!revoked) throw new AppError('write-key-not-found');
    await app.audit(request, {
      workspaceId,
      action: 'keys.revoke',
      target: { kind: 'write-key', id },
      before: auditView(revoked),
    });
  }

  app.get(
    '/write-keys',
    {
      config,
      schema: {
        tags,
        summary: 'Write keys, newest first (revoked ones included)',
        response: { 200: z.object({ writeKeys: z.array(WriteKeySchema) }) },
      },
    },
    async (request) => ({ writeKeys: await apiKeys.listWriteKeys(request.workspaceId) }),
  );

  app.post(
    '/write-keys',
    {
      config,
      schema: {
        tags,
        summary: 'Create a write key; the response holds the key, shown this once only',
        body: z.object({ name: NameSchema }),
        response: {
          201: z.object({
            writeKey: WriteKeySchema,
            key: z.string().describe('The secret key; store it now'),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await create(request, request.workspaceId, request.body.name)),
  );

  app.delete(
    '/write-keys/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke a write key; requests with it get 401 from then on',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await revoke(request, request.workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/workspaces/:id/write-keys',
    {
      config,
      schema: {
        tags: ['Workspaces'],
        summary: "A workspace's write keys, newest first (revoked ones included)",
        params: WorkspaceParamsSchema,
        response: { 200: z.object({ writeKeys: z.array(WriteKeySchema) }), ...errorResponses(404) },
      },
    },
    async (request) => ({
      writeKeys: await apiKeys.listWriteKeys(await workspaceInReach(request, request.params.id)),
    }),
  );

  app.post(
    '/workspaces/:id/write-keys',
    {
      config,
      schema: {
        tags: ['Workspaces'],
        summary: "Create a write key for this workspace's ingestion; the key is shown this once only",
        params: WorkspaceParamsSchema,
        body: z.object({ name: NameSchema }),
        response: {
          201: z.object({ id: z.string(), key: z.string().describe('The secret key; store it now') }),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const workspaceId = await workspaceInReach(request, request.params.id);
      const { key, writeKey } = await create(request, workspaceId, request.body.name);
      return reply.code(201).send({ id: writeKey.id, key });
    },
  );

  app.delete(
    '/workspaces/:id/write-keys/:keyId',
    {
      config,
      schema: {
        tags: ['Workspaces'],
        summary: 'Revoke a write key of this workspace',
        params: KeyParamsSchema,
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await revoke(request, await workspaceInReach(request, request.params.id), request.params.keyId);
      return reply.code(204).send(null);
    },
  );
}
