import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, errorResponses } from '../../errors';
import { ingestionBodies } from '../../ingest/body';
import { normaliseMessage } from '../../ingest/segment';
import type { IngestMessage } from '../../runtime/types';
import { refusedByClock } from '../api/test-clocks';
import { backlogGuard } from './backlog-guard';
import { IngestResponseSchema, SegmentBatchSchema, SegmentMessageSchema } from './schemas';

const SINGLE = [
  { path: '/identify', alias: '/i', type: 'identify' },
  { path: '/track', alias: '/t', type: 'track' },
  { path: '/page', alias: '/p', type: 'page' },
  { path: '/screen', alias: '/s', type: 'page' },
] as const;

/**
 * Segment-compatible ingestion: the server clients (analytics-node, RudderStack) post to
 * /v1/batch, Segment's browser library to /v1/b and the one-letter paths. Messages are stored
 * durably through the runtime before the 200, so an acknowledged event is never lost.
 *
 * Before any body byte is read: the HTTP Basic write key is looked up, the request is counted
 * against its key's rate limit (its address's without one), an unknown key is refused, and a
 * backlog over the cap is refused. Only then is the body inflated and parsed (size-limited),
 * and a request without a Basic key is checked against the body's `writeKey`.
 */
export default async function ingestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { limits, rateLimits, maxPendingEvents } = app.config;
  app.addHook('onRequest', app.identifyWriteKey);
  const limit = app.limitPerCredential('ingest', rateLimits.ingestPerMinute);
  if (limit) app.addHook('onRequest', limit);
  app.addHook('onRequest', app.refuseUnknownWriteKey);
  if (maxPendingEvents > 0) {
    app.addHook(
      'onRequest',
      backlogGuard((atMost) => app.runtime.pendingEvents(atMost), maxPendingEvents, app.now),
    );
  }
  ingestionBodies(app, limits.bodyBytes);
  app.addHook('preValidation', app.requireWriteKey);

  const store = async (request: FastifyRequest, messages: (IngestMessage | null)[]) => {
    const kept = messages.filter((m): m is IngestMessage => m !== null);
    if (kept.length > 0) await app.runtime.ingest(request.workspaceId, kept).catch(refusedByClock);
    return { success: true as const };
  };
  const responses = { 200: IngestResponseSchema, ...errorResponses(400, 409, 413, 415, 429, 503) };

  for (const { path, alias, type } of SINGLE) {
    for (const url of [path, alias]) {
      app.post(
        url,
        {
          // No /api credential: a write key (public by nature, see docs/security.md) is checked by the /v1 hooks.
          // No /api credential: a write key is checked by the /v1 hooks.
          config: { public: true },
          schema: {
            tags: ['Ingestion'],
            summary:
              url === path
                ? `Record one ${type === 'page' && path === '/screen' ? 'screen' : type} call`
                : undefined,
            hide: url === alias,
            security: [{ writeKey: [] }],
            body: SegmentMessageSchema,
            response: responses,
          },
        },
        async (request) => {
          const receivedAt = app.now();
          return store(request, [normaliseMessage(request.body, type, { receivedAt }, '')]);
        },
      );
    }
  }

  for (const url of ['/batch', '/b']) {
    app.post(
      url,
      {
        config: { public: true },
        schema: {
          tags: ['Ingestion'],
          summary: url === '/batch' ? 'Record a batch of identify, track and page calls' : undefined,
          description: `At most ${limits.batchLength} messages and ${limits.bodyBytes} bytes (after gzip) per request; larger ones get 413.`,
          hide: url === '/b',
          security: [{ writeKey: [] }],
          body: SegmentBatchSchema,
          response: responses,
        },
        preValidation: async (request) => {
          const batch = (request.body as { batch?: unknown } | null)?.batch;
          if (Array.isArray(batch) && batch.length > limits.batchLength) {
            throw new AppError('batch-too-large', {
              field: 'batch',
              message: `The batch holds ${batch.length} messages; at most ${limits.batchLength} are allowed. Split it into smaller batches.`,
            });
          }
        },
      },
      async (request) => {
        const { batch, sentAt, context } = request.body;
        const receivedAt = app.now();
        return store(
          request,
          batch.map((message, index) =>
            normaliseMessage(message, null, { receivedAt, sentAt, context }, `batch.${index}`),
          ),
        );
      },
    );
  }
}
