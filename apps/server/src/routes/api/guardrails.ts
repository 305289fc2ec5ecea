import { workspaceGuardrails } from '@stagecraft/db';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { GuardrailsSchema, NO_GUARDRAILS } from '../../channels/guardrail-settings';
import { errorResponses } from '../../errors';

/** Settings > Channels: quiet hours, frequency caps and send rates, honoured before every send. */
export default async function guardrailRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Settings'];
  const { db } = app.database;
  const Schema = GuardrailsSchema.meta({ id: 'Guardrails' });

  async function read(workspaceId: string) {
    const [row] = await db
      .select({ settings: workspaceGuardrails.settings })
      .from(workspaceGuardrails)
      .where(eq(workspaceGuardrails.workspaceId, workspaceId));
    const parsed = row ? GuardrailsSchema.safeParse(row.settings) : null;
    return parsed?.success ? parsed.data : NO_GUARDRAILS;
  }

  app.get(
    '/settings/guardrails',
    {
      schema: {
        tags,
        summary: 'Quiet hours, frequency caps and send rates per channel',
        response: { 200: Schema },
      },
    },
    async (request) => read(request.workspaceId),
  );

  app.put(
    '/settings/guardrails',
    {
      schema: {
        tags,
        summary: 'Set quiet hours, frequency caps and send rates',
        description:
          'Quiet hours and caps apply to marketing messages in the customer’s time zone (the workspace’s when the customer has none); send rates apply to every message, across all server processes.',
        body: GuardrailsSchema,
        response: { 200: Schema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const before = await read(request.workspaceId);
      const values = {
        workspaceId: request.workspaceId,
        settings: request.body,
        updatedAt: new Date(app.now()),
      };
      await db
        .insert(workspaceGuardrails)
        .values(values)
        .onConflictDoUpdate({ target: workspaceGuardrails.workspaceId, set: values });
      await app.audit(request, {
        action: 'settings.update',
        target: { kind: 'settings', id: 'guardrails' },
        before,
        after: request.body,
      });
      return request.body;
    },
  );
}
