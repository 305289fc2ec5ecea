import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import { normaliseMessage } from '../../ingest/segment';
import { type TestClock, TestClockRefused } from '../../runtime/test-clocks';
import type { IngestMessage } from '../../runtime/types';

const time = z.iso
  .datetime({ offset: true })
  .describe('An ISO 8601 time with its offset, such as 2030-01-01T09:00:00Z');

const TestClockSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    now: z.string().describe("The clock's time"),
    customers: z.number().int().describe('How many customers live on the clock'),
  })
  .meta({ id: 'TestClock' });

const clockId = z.object({ id: z.string().min(1).max(100) });

const show = (clock: TestClock) => ({ ...clock, now: new Date(clock.now).toISOString() });

/** A message sent with an admin token, checked exactly as `/v1` checks one (keys, sizes, names). */
function segmentMessage(raw: Record<string, unknown>, type: 'identify' | 'track', at: number): IngestMessage {
  // Identify and track are never among the types ingestion skips, so a message always comes back.
  return normaliseMessage(raw, type, { receivedAt: at }, '')!;
}

/** A refusal by a test clock as the API's error: ingestion names the message field at fault. */
export function refusedByClock(error: unknown): never {
  if (!(error instanceof TestClockRefused)) throw error;
  const code = error.code === 'test-clock-not-found' && error.field !== 'id' ? 'invalid-payload' : error.code;
  throw new AppError(code, { field: error.field, message: error.message });
}

/**
 * Test clocks: customers created on a clock live on its time through the real runtime (real
 * channels, HTTP steps and plugins), and `advance` fires their timers in order. They are marked
 * on the customer (`testClockId`) and left out of journey counters and experiments.
 */
export default async function testClockRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const clocks = app.runtime.testClocks;
  const tags = ['Test clocks'];

  app.get(
    '/test-clocks',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: "The workspace's test clocks, newest first",
        response: { 200: z.object({ testClocks: z.array(TestClockSchema) }) },
      },
    },
    async (request) => ({ testClocks: (await clocks.list(request.workspaceId)).map(show) }),
  );

  app.post(
    '/test-clocks',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: 'Create a test clock at a start time',
        body: z.object({ name: z.string().trim().min(1).max(100), start: time }),
        response: { 201: TestClockSchema, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const clock = await clocks.create(
        request.workspaceId,
        request.body.name,
        Date.parse(request.body.start),
      );
      return reply.code(201).send(show(clock));
    },
  );

  app.get(
    '/test-clocks/:id',
    {
      config: { permission: 'journeys:read' },
      schema: {
        tags,
        summary: 'A test clock and the ids of its customers',
        params: clockId,
        response: {
          200: TestClockSchema.extend({ customerIds: z.array(z.string()) }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const clock = await clocks.get(request.workspaceId, request.params.id);
      if (!clock) throw new AppError('test-clock-not-found');
      return { ...show(clock), customerIds: await clocks.customers(request.workspaceId, clock.id) };
    },
  );

  app.post(
    '/test-clocks/:id/customers',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: "Create a customer on the clock, identified with traits at the clock's time",
        params: clockId,
        body: z.object({
          userId: z.string().trim().min(1).max(200),
          traits: z.record(z.string(), z.unknown()).default({}),
        }),
        response: {
          201: z.object({ customerId: z.string(), testClockId: z.string() }),
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { userId, traits } = request.body;
      const clock = await clocks.get(request.workspaceId, request.params.id);
      if (!clock) throw new AppError('test-clock-not-found');
      // Checked as ingestion checks an identify (trait keys and sizes), then applied at the clock's time.
      const message = segmentMessage({ userId, traits }, 'identify', clock.now);
      await clocks.ingest(request.workspaceId, clock.id, [message], 'userId').catch(refusedByClock);
      return reply.code(201).send({ customerId: userId, testClockId: clock.id });
    },
  );

  app.post(
    '/test-clocks/:id/events',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: "Record a track event for a customer of the clock, at the clock's time",
        description:
          'The same as POST /v1/track for that customer (which also works), for tools that hold an admin token rather than a write key.',
        params: clockId,
        body: z.object({
          userId: z.string().trim().min(1).max(200),
          event: z.string().trim().min(1).max(200),
          properties: z.record(z.string(), z.unknown()).default({}),
        }),
        response: {
          200: z.object({ accepted: z.number().int(), duplicates: z.number().int() }),
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request) => {
      const { userId, event, properties } = request.body;
      const clock = await clocks.get(request.workspaceId, request.params.id);
      if (!clock) throw new AppError('test-clock-not-found');
      const message = segmentMessage({ userId, event, properties }, 'track', clock.now);
      return clocks.ingest(request.workspaceId, clock.id, [message], 'userId').catch(refusedByClock);
    },
  );

  app.post(
    '/test-clocks/:id/advance',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: "Move the clock forward, firing its customers' due timers in order; answers once settled",
        params: clockId,
        body: z.object({ to: time }),
        response: {
          200: TestClockSchema.extend({
            ran: z.number().int().describe('Events, timers and deliveries run on the way'),
          }),
          ...errorResponses(400, 404, 422),
        },
      },
    },
    async (request) => {
      const clock = await clocks
        .advance(request.workspaceId, request.params.id, Date.parse(request.body.to))
        .catch(refusedByClock);
      return { ...show(clock), ran: clock.ran };
    },
  );

  app.delete(
    '/test-clocks/:id',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags,
        summary: 'Delete the clock and its customers with everything stored about them',
        params: clockId,
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      if (!(await clocks.remove(request.workspaceId, request.params.id)))
        throw new AppError('test-clock-not-found');
      return reply.code(204).send(null);
    },
  );
}
