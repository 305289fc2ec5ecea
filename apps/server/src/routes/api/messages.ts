import { MESSAGE_KINDS, MESSAGE_STATUSES } from '@stagecraft/db';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import type { MessageRow } from '../../runtime/types';

const MessageStatusSchema = z.enum(MESSAGE_STATUSES);

/** The API's Message: checked against MessageRow (derived from the table), so a column cannot go missing from one. */
const MessageSchema = z
  .object({
    id: z.string(),
    idempotencyKey: z.string(),
    customerId: z.string(),
    journeyId: z.string(),
    version: z.number().int(),
    runId: z.string(),
    nodeId: z.string(),
    kind: z.enum(MESSAGE_KINDS),
    channel: z.string().nullable(),
    name: z.string().nullable(),
    to: z.string().nullable(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    url: z.string().nullable(),
    status: MessageStatusSchema,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().nullable(),
    clearedAt: z.string().nullable().describe('When the message passed its guardrails and was handed on'),
    attemptLog: z
      .array(
        z.object({
          at: z.string(),
          ms: z.number(),
          status: z.number().int().nullable(),
          error: z.string().nullable(),
        }),
      )
      .nullable()
      .describe('Every delivery attempt: when, how long, the HTTP (or SMTP) status, the error'),
  })
  .meta({ id: 'Message' }) satisfies z.ZodType<MessageRow>;

/** The outbox: what journeys sent or tried to send, and a way to retry dead letters. */
export default async function messageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Messages'];

  app.get(
    '/messages',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'Messages and HTTP requests, newest first, filtered by status, customer or journey',
        querystring: z.object({
          status: MessageStatusSchema.optional(),
          customerId: z.string().max(200).optional(),
          journeyId: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ messages: z.array(MessageSchema) }), ...errorResponses(400) },
      },
    },
    async (request) => ({ messages: await app.runtime.messages(request.workspaceId, request.query) }),
  );

  app.post(
    '/messages/:id/retry',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary: 'Queue a failed or dead message for delivery again',
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: z.object({ status: z.literal('queued') }), ...errorResponses(404) },
      },
    },
    async (request) => {
      if (!(await app.runtime.retryMessage(request.workspaceId, request.params.id))) {
        throw new AppError('message-not-found');
      }
      return { status: 'queued' as const };
    },
  );
}
