import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONSENT_TRAITS, type ConsentChannel, consentChange, consentOf } from '../../channels/consent';
import { AppError, errorResponses } from '../../errors';

const ConsentStatusSchema = z.enum(['subscribed', 'unsubscribed', 'unknown']);
const ConsentSchema = z
  .object({ email: ConsentStatusSchema, sms: ConsentStatusSchema, push: ConsentStatusSchema })
  .meta({ id: 'Consent' });

const CustomerSummarySchema = z
  .object({
    customerId: z.string(),
    traits: z.record(z.string(), z.unknown()),
    stage: z.string().nullable(),
    timeZone: z.string().nullable(),
    testClockId: z
      .string()
      .nullable()
      .describe('The test clock the customer lives on; null for a real customer'),
    activeRuns: z.number().int(),
    lastSeenAt: z.string(),
  })
  .meta({ id: 'CustomerSummary' });

const CustomerDetailSchema = z
  .object({
    customerId: z.string(),
    traits: z.record(z.string(), z.unknown()),
    stage: z.string().nullable(),
    stageChangedAt: z.string().nullable(),
    timeZone: z.string().nullable(),
    invalidTimeZone: z.string().nullable().describe('The invalid zone the customer last sent, if any'),
    testClockId: z
      .string()
      .nullable()
      .describe('The test clock the customer lives on; null for a real customer'),
    timeZoneUsed: z
      .object({
        zone: z.string(),
        source: z.enum(['customer', 'workspace-missing', 'workspace-invalid']),
      })
      .describe(
        "The zone the customer's times are read in: their own, or the workspace's because theirs is missing or invalid",
      ),
    tags: z.array(z.string()),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    stageHistory: z.array(
      z.object({
        from: z.string().nullable(),
        to: z.string(),
        at: z.string(),
        journeyId: z.string().nullable(),
        nodeId: z.string().nullable(),
      }),
    ),
    runs: z.array(
      z.object({
        runId: z.string(),
        journeyId: z.string(),
        version: z.number().int(),
        status: z.enum(['active', 'completed', 'exited', 'converted', 'failed']),
        currentNodeId: z.string().nullable(),
        wakeAt: z.string().nullable(),
        enteredAt: z.string(),
        endedAt: z.string().nullable(),
        exitReason: z.string().nullable(),
      }),
    ),
    timeline: z.array(z.looseObject({ kind: z.enum(['event', 'step', 'message']), at: z.string() })),
    clv: z
      .object({
        historical: z
          .number()
          .describe("Revenue of the customer's purchase events, in the workspace currency"),
        predicted: z
          .number()
          .nullable()
          .describe('Expected revenue over the next horizonDays; null without a model or a purchase'),
        horizonDays: z.number().int(),
        expectedPurchases: z.number().nullable(),
        probabilityAlive: z.number().nullable(),
      })
      .describe('Customer lifetime value: historical, and predicted by the workspace CLV model'),
    consent: ConsentSchema.describe(
      'Per channel, from the email_consent, sms_consent and push_consent traits (identify calls, this API, unsubscribe links)',
    ),
  })
  .meta({ id: 'Customer' });

/** Customer search and the customer page: profile, stage history, runs and timeline. */
export default async function customerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Customers'];

  app.get(
    '/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'Search customers by id or trait values',
        description:
          'Customers whose id or any trait value (nested ones too) contains `q`, ignoring case; trait ' +
          'names do not count. Most recently seen first; every customer when `q` is empty. Terms of ' +
          'three characters or more are looked up in an index.',
        querystring: z.object({
          q: z.string().max(200).default(''),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ customers: z.array(CustomerSummarySchema) }) },
      },
    },
    async (request) => ({
      customers: await app.runtime.searchCustomers(
        request.workspaceId,
        request.query.q.trim(),
        request.query.limit,
      ),
    }),
  );

  app.get(
    '/customers/:id',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'A customer’s traits, lifecycle stage and history, journey runs and timeline',
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: CustomerDetailSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const customer = await app.runtime.customer(request.workspaceId, request.params.id);
      if (!customer) throw new AppError('customer-not-found');
      return { ...customer, clv: await app.clv.customer(request.workspaceId, request.params.id) };
    },
  );

  app.put(
    '/customers/:id/consent',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary: "Set a customer's consent per channel",
        description:
          'Recorded as an identify call setting the email_consent, sms_consent or push_consent trait, so journeys see the change like any other; channels left out keep theirs.',
        params: z.object({ id: z.string().min(1).max(200) }),
        body: z
          .object({
            email: ConsentStatusSchema.optional(),
            sms: ConsentStatusSchema.optional(),
            push: ConsentStatusSchema.optional(),
          })
          .refine((body) => Object.keys(body).length > 0, 'name at least one channel: email, sms or push'),
        response: { 200: z.object({ consent: ConsentSchema }), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const customer = await app.runtime.customer(request.workspaceId, request.params.id);
      if (!customer) throw new AppError('customer-not-found');
      const traits: Record<string, string> = {};
      for (const [channel, status] of Object.entries(request.body)) {
        traits[CONSENT_TRAITS[channel as ConsentChannel]] = status;
      }
      const now = app.now();
      const messageId = `consent-${now}-${Math.random().toString(36).slice(2, 10)}`;
      await app.runtime.ingest(request.workspaceId, [
        consentChange(request.params.id, traits, messageId, now),
      ]);
      return { consent: consentOf({ ...customer.traits, ...traits }) };
    },
  );
}
