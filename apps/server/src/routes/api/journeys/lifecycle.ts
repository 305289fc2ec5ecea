import type { JourneyStatus } from '@stagecraft/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../../errors';
import { JourneyDetailSchema, JourneyParamsSchema, JourneyStatusSchema } from '../schemas';

/** Status changes: which statuses each action starts from, and what to tell people otherwise. */
const ACTIONS: Record<
  'pause' | 'resume' | 'archive',
  { from: JourneyStatus[]; to: JourneyStatus; summary: string; refuse: (status: JourneyStatus) => string }
> = {
  pause: {
    from: ['live'],
    to: 'paused',
    summary: 'Pause a live journey: no new entries, waiting customers hold where they are',
    refuse: (status) => `Only a live journey can be paused; this one is ${status}.`,
  },
  resume: {
    from: ['paused'],
    to: 'live',
    summary: 'Resume a paused journey',
    refuse: (status) => `Only a paused journey can be resumed; this one is ${status}.`,
  },
  archive: {
    from: ['draft', 'live', 'paused'],
    to: 'archived',
    summary: 'Archive a journey: it stops for good and its draft can no longer change',
    refuse: () => 'This journey is already archived.',
  },
};

/** Pause, resume, archive and duplicate. */
export default async function lifecycleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { journeys } = app.repositories;
  const tags = ['Journeys'];

  for (const [action, spec] of Object.entries(ACTIONS)) {
    app.post(
      `/:id/${action}`,
      {
        config: { permission: 'journeys:publish' },
        schema: {
          tags,
          summary: spec.summary,
          params: JourneyParamsSchema,
          response: { 200: z.object({ status: JourneyStatusSchema }), ...errorResponses(404, 409) },
        },
      },
      async (request) => {
        const { id } = request.params;
        const result = await journeys.changeStatus(request.workspaceId, id, { from: spec.from, to: spec.to });
        if (!result) throw new AppError('journey-not-found');
        if (!result.changed) {
          const code = result.status === 'archived' ? 'journey-archived' : 'invalid-status-change';
          throw new AppError(code, { message: spec.refuse(result.status) });
        }
        app.runtime.journeyChanged(id);
        await app.audit(request, {
          action: `journey.${action as keyof typeof ACTIONS}`,
          target: { kind: 'journey', id },
          before: { status: result.from },
          after: { status: result.status },
        });
        return { status: result.status };
      },
    );
  }

  app.post(
    '/:id/duplicate',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: 'Copy the draft into a new draft journey named "… (copy)"',
        params: JourneyParamsSchema,
        response: { 201: JourneyDetailSchema, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const source = await journeys.get(request.workspaceId, request.params.id);
      if (!source) throw new AppError('journey-not-found');
      const name = `${source.name} (copy)`.slice(0, 200);
      const copy = await journeys.create(request.workspaceId, { ...source.document, name });
      return reply.code(201).send(copy);
    },
  );
}
