import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { GuardrailsSchema } from '../../channels/guardrail-settings';
import { errorResponses } from '../../errors';

/** Settings > Channels: quiet hours, frequency caps and send rates, honoured before every send. */
export default async function guardrailRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Settings'];
  const { settings } = app.repositories;
  const Schema = GuardrailsSchema.meta({ id: 'Guardrails' });

  app.get(
    '/settings/guardrails',
    {
      config: { permission: 'settings:read' },
      schema: {
        tags,
        summary: 'Quiet hours, frequency caps and send rates per channel',
        response: { 200: Schema },
      },
    },
    async (request) => settings.guardrails(request.workspaceId),
  );

  app.put(
    '/settings/guardrails',
    {
      config: { permission: 'settings:write' },
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
      const before = await settings.guardrails(request.workspaceId);
      await settings.setGuardrails(request.workspaceId, request.body);
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
