import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor } from '../../audit/record';
import { errorResponses } from '../../errors';
import { requireInstanceOwner } from './workspace-param';

/**
 * Creating workspaces. A new workspace starts with the default lifecycle stages, UTC, and every
 * other setting at its default; its creator reaches it through `/workspaces/:id/tokens` and
 * `/workspaces/:id/write-keys` to hand out its own credentials.
 */
export default async function workspaceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { workspaces } = app.repositories;

  app.post(
    '/workspaces',
    {
      config: { permission: 'workspaces:create' },
      schema: {
        tags: ['Workspaces'],
        summary: 'Create a workspace: its own customers, journeys, settings, tokens and write keys',
        body: z.object({ name: z.string().trim().min(1, 'give the workspace a name').max(100) }),
        response: { 201: z.object({ id: z.string(), name: z.string() }), ...errorResponses(400, 403) },
      },
    },
    async (request, reply) => {
      requireInstanceOwner(request);
      const created = await workspaces.create(request.body.name, auditActor(request).id);
      // A person who creates a workspace owns it; a token's workspace is reached through its creator.
      const userId = request.credential?.userId;
      if (userId) await app.repositories.users.setMembership(created.id, userId, 'owner');
      const entry = {
        action: 'workspace.create',
        target: { kind: 'workspace', id: created.id },
        after: created,
      } as const;
      // Both trails: the new workspace's own, and the one the request came from.
      await app.audit(request, { ...entry, workspaceId: created.id });
      await app.audit(request, entry);
      return reply.code(201).send(created);
    },
  );
}
