import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isCalendarDay } from '../../analytics/calendar';
import { AppError, errorResponses } from '../../errors';

const day = (what: string) =>
  z
    .string()
    .refine(isCalendarDay, `${what} must be a calendar day written YYYY-MM-DD, such as 2026-01-31`)
    .describe(`${what}, a calendar day in the workspace's time zone (YYYY-MM-DD)`);

const DAY_MS = 86_400_000;

/** `from` and `to` both included, at most ten years apart. */
function checkPeriod(p: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (p.from > p.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be on or after from' });
  else if (Date.parse(p.to) - Date.parse(p.from) > 3660 * DAY_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'a period may span at most ten years; pick a later from',
    });
  }
}

const PeriodSchema = z.object({ from: day('from'), to: day('to') }).superRefine(checkPeriod);

const MetricsQuerySchema = z
  .object({ from: day('from'), to: day('to'), interval: z.enum(['day', 'week', 'month']).default('day') })
  .superRefine(checkPeriod)
  .refine((q) => q.interval !== 'day' || Date.parse(q.to) - Date.parse(q.from) <= 1100 * DAY_MS, {
    path: ['interval'],
    message: 'daily points cover at most three years; pick interval=week or month',
  });

const StageRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  customers: z.number().int(),
  entered: z.number().int(),
  movedTo: z.record(z.string(), z.number().int()),
  nextStage: z.string().nullable(),
  conversionToNext: z.number().nullable(),
  medianHoursInStage: z.number().nullable(),
  churned: z.number().int(),
});

const MetricSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.enum(['ratio', 'currency', 'score', 'percent']),
  points: z.array(z.object({ start: z.string(), value: z.number().nullable(), count: z.number().int() })),
});

const ClvModelSchema = z
  .object({
    fittedAt: z.string(),
    observationEnd: z.string(),
    timeUnit: z.enum(['days', 'weeks']),
    customers: z.number().int(),
    bgnbd: z.object({
      r: z.number(),
      alpha: z.number(),
      a: z.number(),
      b: z.number(),
      logLikelihood: z.number(),
    }),
    gammaGamma: z.object({ p: z.number(), q: z.number(), v: z.number(), customers: z.number().int() }),
  })
  .meta({ id: 'ClvModel' });

/** Lifecycle analytics: the stage funnel, metrics over time and customer lifetime value models. */
export default async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['Analytics'];
  const { workspaces, settings: workspaceSettings, lifecycle } = app.repositories;

  async function workspace(id: string) {
    const found = await workspaces.get(id);
    if (!found) throw new AppError('not-found');
    return found;
  }

  app.get(
    '/analytics/stages',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'The lifecycle stage funnel of a period',
        description:
          'Per stage: customers in it now, entries and moves out during the period, conversion to the ' +
          'next stage, median time in the stage, and churned customers now (no event in the last `churnDays` days). ' +
          'See docs/analytics.md.',
        querystring: PeriodSchema,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            churnDays: z.number().int(),
            stages: z.array(StageRowSchema),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const ws = await workspace(request.workspaceId);
      const settings = await workspaceSettings.analytics(ws.id);
      const stages = await lifecycle.stageFunnel(ws.id, {
        timeZone: ws.timeZone,
        stages: ws.stages,
        from,
        to,
        churnDays: settings.churnDays,
      });
      return { from, to, churnDays: settings.churnDays, stages };
    },
  );

  app.get(
    '/analytics/metrics',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'Lifecycle metrics over time',
        description:
          'Each metric of docs/analytics.md per day, week (from Monday) or month of the period, in the ' +
          "workspace's time zone. The events and properties that feed them are the analytics settings.",
        querystring: MetricsQuerySchema,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            interval: z.enum(['day', 'week', 'month']),
            currency: z.string(),
            metrics: z.array(MetricSchema),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const { from, to, interval } = request.query;
      const ws = await workspace(request.workspaceId);
      const settings = await workspaceSettings.analytics(ws.id);
      const { metrics } = await lifecycle.metrics(
        ws.id,
        { timeZone: ws.timeZone, from, to, interval },
        settings,
      );
      return { from, to, interval, currency: settings.currency, metrics };
    },
  );

  app.post(
    '/analytics/clv/fit',
    {
      config: { permission: 'customers:write' },
      schema: {
        tags,
        summary: 'Fit the customer lifetime value models now',
        description:
          'Fits BG/NBD (purchases and probability alive) and Gamma-Gamma (spend) by maximum likelihood on ' +
          'the purchases up to `observationEnd` (default today) and keeps the model for the customer ' +
          'page. Answers 422 when too few customers bought more than once.',
        body: z
          .object({
            observationEnd: day('observationEnd').optional(),
            timeUnit: z.enum(['days', 'weeks']).optional(),
          })
          .default({}),
        response: { 200: ClvModelSchema, ...errorResponses(400, 422) },
      },
    },
    async (request) => {
      const outcome = await app.clv.fit(request.workspaceId, request.body);
      if (outcome.ok) return outcome.model;
      if (outcome.reason === 'not enough repeat buyers') {
        throw new AppError('clv-unfittable', {
          message: `Not enough repeat buyers: ${outcome.repeatBuyers} customers bought on more than one day up to the observation end, and a fit needs at least ${outcome.required}; import more purchase history or pick a later observationEnd.`,
          details: { repeatBuyers: outcome.repeatBuyers, required: outcome.required },
        });
      }
      throw new AppError('clv-unfittable', {
        message: `The purchase history cannot support a model: ${outcome.message}.`,
      });
    },
  );

  app.get(
    '/analytics/clv/model',
    {
      config: { permission: 'analytics:read' },
      schema: {
        tags,
        summary: 'The customer lifetime value model in use',
        response: { 200: ClvModelSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const model = await app.clv.latest(request.workspaceId);
      if (!model) throw new AppError('clv-model-not-found');
      return model;
    },
  );
}
