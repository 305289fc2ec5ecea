import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';

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

/** Ingestion write keys; a key is shown once, when it is created. */
export default async function writeKeyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { apiKeys } = app.repositories;
  const tags = ['Settings'];

  app.get(
    '/write-keys',
    {
      config: { permission: 'keys:manage' },
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
      config: { permission: 'keys:manage' },
      schema: {
        tags,
        summary: 'Create a write key; the response holds the key, shown this once only',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: {
          201: z.object({
            writeKey: WriteKeySchema,
            key: z.string().describe('The secret key; store it now'),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { key, ...writeKey } = await apiKeys.createWriteKey(request.workspaceId, request.body.name);
      return reply.code(201).send({ writeKey, key });
    },
  );

  app.delete(
    '/write-keys/:id',
    {
      config: { permission: 'keys:manage' },
      schema: {
        tags,
        summary: 'Revoke a write key; requests with it get 401 from then on',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      if (!(await apiKeys.revokeWriteKey(request.workspaceId, request.params.id))) {
        throw new AppError('write-key-not-found');
      }
      return reply.code(204).send(null);
    },
  );
}
