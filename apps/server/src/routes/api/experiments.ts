import { compileJourney } from '@stagecraft/compiler';
import type { JourneyDocument } from '@stagecraft/graph';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor } from '../../audit/record';
import { AppError, errorResponses } from '../../errors';
import { experimentsOf } from '../../experiments/definitions';
import { identityNodeMap, promotedDocument } from '../../experiments/promote';
import {
  decisionView,
  type ExperimentView,
  journeyExperiments,
  liveResults,
} from '../../experiments/results';
import { ExperimentSchema, ExperimentSummarySchema } from './experiment-schemas';
import { JourneyParamsSchema } from './schemas';

const ExperimentParamsSchema = JourneyParamsSchema.extend({
  nodeId: z.string().min(1).max(64).describe('The id of the A/B split node'),
});

/** Experiments: every random split of a published journey, its results, and the decisions on it. */
export default async function experimentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { journeys, experiments } = app.repositories;
  const tags = ['Experiments'];

  /** The journey's published document, or 404; null when it was never published. */
  async function published(workspaceId: string, journeyId: string) {
    const journey = await journeys.get(workspaceId, journeyId);
    if (!journey) throw new AppError('journey-not-found');
    const latest = journey.versions[0];
    if (!latest) return { journey, version: null, document: null };
    const found = await journeys.version(workspaceId, journeyId, latest.version);
    const document = found ? (found.document as unknown as JourneyDocument) : null;
    return { journey, version: latest.version, document };
  }

  /** One running experiment of the published version, or the right 404 / 409. */
  async function running(workspaceId: string, { id, nodeId }: z.infer<typeof ExperimentParamsSchema>) {
    const found = await published(workspaceId, id);
    const definition = found.document && experimentsOf(found.document).find((e) => e.nodeId === nodeId);
    if (!definition || !found.document || found.version === null) throw new AppError('experiment-not-found');
    if ((await experiments.decisions(workspaceId, id)).has(nodeId)) throw new AppError('experiment-decided');
    return { ...found, document: found.document, version: found.version, definition };
  }

  const decidedBy = (request: FastifyRequest) =>
    request.credential
      ? `${request.credential.kind}:${request.credential.apiKeyId ?? request.credential.id}`
      : 'unknown';

  app.get(
    '/journeys/:id/experiments',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: "Every A/B split of the journey's published version with its results and verdict",
        params: JourneyParamsSchema,
        response: { 200: z.object({ experiments: z.array(ExperimentSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { document } = await published(request.workspaceId, request.params.id);
      if (!document) return { experiments: [] };
      return {
        experiments: await journeyExperiments(
          app.repositories,
          request.workspaceId,
          request.params.id,
          document,
        ),
      };
    },
  );

  app.get(
    '/experiments',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Every experiment across the workspace’s published journeys, with status and verdict',
        response: { 200: z.object({ experiments: z.array(ExperimentSummarySchema) }) },
      },
    },
    async (request) => {
      const list = [];
      for (const summary of await journeys.list(request.workspaceId)) {
        if (summary.status === 'archived') continue;
        const { document } = await published(request.workspaceId, summary.id);
        if (!document) continue;
        for (const experiment of await journeyExperiments(
          app.repositories,
          request.workspaceId,
          summary.id,
          document,
        )) {
          list.push({ journeyId: summary.id, journeyName: summary.name, ...summaryOf(experiment) });
        }
      }
      return { experiments: list };
    },
  );

  app.post(
    '/journeys/:id/experiments/:nodeId/stop',
    {
      config: { permission: 'experiments:write' },
      schema: {
        tags,
        summary: 'Stop an experiment without promoting: its results are kept as they are now',
        params: ExperimentParamsSchema,
        response: { 200: ExperimentSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const { definition } = await running(request.workspaceId, request.params);
      const results = await liveResults(app.repositories, request.workspaceId, request.params.id, definition);
      const row = await experiments.decide({
        workspaceId: request.workspaceId,
        journeyId: request.params.id,
        nodeId: definition.nodeId,
        decision: 'stopped',
        decidedBy: decidedBy(request),
        results: results as unknown as Record<string, unknown>,
      });
      if (!row) throw new AppError('experiment-decided');
      await app.audit(request, {
        action: 'experiment.stop',
        target: { kind: 'experiment', id: `${request.params.id}:${definition.nodeId}` },
        after: { decision: 'stopped' },
      });
      return { ...results, status: 'stopped' as const, decision: decisionView(row) };
    },
  );

  app.post(
    '/journeys/:id/experiments/:nodeId/promote',
    {
      config: { permission: 'experiments:write' },
      schema: {
        tags,
        summary:
          'Publish a new version in which the split sends everyone to one arm, and record the decision with the numbers now',
        params: ExperimentParamsSchema,
        body: z.object({
          arm: z.string().min(1).max(64).describe('The arm everyone is sent to from now on'),
          keepHoldout: z
            .boolean()
            .default(true)
            .describe('Keep holding out the holdout share (true), or send the holdout to the arm too'),
          migrate: z
            .boolean()
            .default(false)
            .describe(
              'Also move customers waiting in the journey onto the new version (they stay where they are)',
            ),
        }),
        response: { 200: ExperimentSchema, ...errorResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { arm, keepHoldout, migrate } = request.body;
      const { journey, document, version, definition } = await running(request.workspaceId, request.params);
      if (journey.status === 'archived') throw new AppError('journey-archived');
      if (!definition.config.arms.some((a) => a.id === arm)) {
        throw new AppError('invalid-request', {
          field: 'arm',
          message: `arm: the split has no arm "${arm}"; pick one of ${definition.config.arms.map((a) => `"${a.id}"`).join(', ')}.`,
        });
      }
      const results = await liveResults(app.repositories, request.workspaceId, id, definition);
      const next = promotedDocument(document, definition.nodeId, arm, keepHoldout)!;
      const compiled = compileJourney(next as never, app.registry, { journeyId: id, version: version + 1 });
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
      if (!compiled.ok || errors.length > 0) {
        throw new AppError('journey-invalid', { details: { diagnostics: compiled.diagnostics } });
      }
      const row = await experiments.decide({
        workspaceId: request.workspaceId,
        journeyId: id,
        nodeId: definition.nodeId,
        decision: 'promoted',
        arm,
        keepHoldout,
        version: version + 1,
        decidedBy: decidedBy(request),
        results: results as unknown as Record<string, unknown>,
      });
      if (!row) throw new AppError('experiment-decided');
      const publishedVersion = await journeys.publish(
        request.workspaceId,
        id,
        next as unknown as Record<string, unknown>,
        compiled.journey.hash,
        auditActor(request),
      );
      await keepDraftPromoted(request.workspaceId, id, definition.nodeId, arm, keepHoldout);
      app.runtime.journeyChanged(id);
      let decision = decisionView(row);
      decision.version = publishedVersion.version;
      if (migrate) {
        const from = compileJourney(document as never, app.registry, { journeyId: id, version });
        const nodeMap = from.ok ? identityNodeMap(from.journey.nodes, compiled.journey.nodes) : {};
        const moved = await app.runtime.applyMigration(request.workspaceId, id, {
          fromVersion: version,
          toVersion: publishedVersion.version,
          nodeMap,
        });
        await experiments.noteMigrated(request.workspaceId, id, definition.nodeId, moved.moved);
        decision = { ...decision, migrated: moved.moved };
      }
      await app.audit(request, {
        action: 'experiment.promote',
        target: { kind: 'experiment', id: `${id}:${definition.nodeId}` },
        before: { version },
        after: { arm, keepHoldout, version: publishedVersion.version, migrated: decision.migrated ?? null },
      });
      return { ...results, status: 'stopped' as const, decision };
    },
  );

  /** The draft follows the promotion, so the next publish does not undo it. */
  async function keepDraftPromoted(
    workspaceId: string,
    id: string,
    nodeId: string,
    arm: string,
    keep: boolean,
  ) {
    const journey = await journeys.get(workspaceId, id);
    if (!journey) return;
    const draft = promotedDocument(journey.document as unknown as JourneyDocument, nodeId, arm, keep);
    if (draft) await journeys.saveDraft(workspaceId, id, draft as never, journey.revision);
  }
}

function summaryOf(experiment: ExperimentView) {
  return {
    nodeId: experiment.nodeId,
    name: experiment.name,
    status: experiment.status,
    verdict: experiment.verdict,
    arms: experiment.arms.length,
    entered: experiment.arms.reduce((sum, arm) => sum + arm.entered, 0),
    sampleSize: experiment.sampleSize,
    srmFlagged: experiment.srm.flagged,
    decision: experiment.decision,
  };
}
