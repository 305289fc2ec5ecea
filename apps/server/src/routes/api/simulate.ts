import { compileJourney } from '@stagecraft/compiler';
import { createSimulation, type SimulationReport } from '@stagecraft/engine';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import { DiagnosticSchema, DocumentSchema } from './schemas';

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;
const MAX_ADVANCE_MS = 400 * UNIT_MS.days;
const customerId = z.string().trim().min(1).max(200);

const StepSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('identify'),
    customerId,
    traits: z.record(z.string(), z.unknown()).default({}),
    timeZone: z.string().optional(),
  }),
  z.object({
    type: z.literal('track'),
    customerId,
    event: z.string().trim().min(1).max(200),
    properties: z.record(z.string(), z.unknown()).default({}),
  }),
  z.object({
    type: z.literal('enter'),
    customerId,
    nodeId: z.string().optional().describe('The API trigger to enter at; the first one when omitted'),
  }),
  z.object({
    type: z.literal('advance'),
    amount: z.number().positive(),
    unit: z.enum(['minutes', 'hours', 'days', 'weeks']),
  }),
]);

const SimulateBodySchema = z.object({
  document: DocumentSchema,
  start: z
    .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
    .optional()
    .describe('Virtual start time (ISO 8601 or epoch ms); now when omitted. Same input, same output.'),
  customers: z
    .array(
      z.object({
        id: customerId,
        traits: z.record(z.string(), z.unknown()).default({}),
        timeZone: z.string().optional(),
      }),
    )
    .max(100)
    .default([]),
  steps: z.array(StepSchema).max(500).default([]),
});

/** A report as the engine returns it: counts per node, each customer's runs and path, every effect. */
const ReportSchema = z
  .object({
    now: z.number(),
    nodes: z.record(
      z.string(),
      z.object({
        entered: z.number(),
        waiting: z.number(),
        left: z.number(),
        completed: z.number(),
        converted: z.number(),
        exited: z.number(),
      }),
    ),
    customers: z.record(z.string(), z.looseObject({ profile: z.unknown(), runs: z.array(z.unknown()) })),
    effects: z.array(z.looseObject({ type: z.string() })),
  })
  .meta({ id: 'SimulationReport' });

/** Stateless simulation for the editor's test panel: compile, then replay steps on a virtual clock. */
export default async function simulateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/simulate',
    {
      schema: {
        tags: ['Simulation'],
        summary: 'Run a journey for test customers on a virtual clock; a report after each step',
        body: SimulateBodySchema,
        response: {
          200: z.object({
            start: z.number(),
            diagnostics: z.array(DiagnosticSchema),
            initial: ReportSchema.describe('After the customers were identified'),
            steps: z.array(z.object({ index: z.number().int(), type: z.string(), report: ReportSchema })),
          }),
          ...errorResponses(400, 422),
        },
      },
    },
    async (request) => {
      const { document, customers, steps } = request.body;
      const start = request.body.start === undefined ? app.now() : new Date(request.body.start).getTime();
      const compiled = compileJourney(document as never, app.registry, {
        journeyId: 'simulation',
        version: 1,
      });
      if (!compiled.ok || compiled.diagnostics.some((d) => d.severity === 'error')) {
        throw new AppError('journey-invalid', {
          message: 'The journey has errors, so it cannot be simulated; fix the steps listed in diagnostics.',
          details: { diagnostics: compiled.diagnostics },
        });
      }
      const simulation = createSimulation(compiled.journey, { start });
      for (const customer of customers) {
        simulation.identify(customer.id, customer.traits, { timeZone: customer.timeZone });
      }
      const initial = plain(simulation.report());
      const reports = steps.map((step, index) => {
        if (step.type === 'identify')
          simulation.identify(step.customerId, step.traits, { timeZone: step.timeZone });
        else if (step.type === 'track') simulation.track(step.customerId, step.event, step.properties);
        else if (step.type === 'enter') simulation.enter(step.customerId, step.nodeId);
        else {
          const ms = step.amount * UNIT_MS[step.unit];
          if (ms > MAX_ADVANCE_MS) {
            throw new AppError('invalid-request', {
              field: `steps.${index}.amount`,
              message: `steps.${index}.amount: one step may advance the clock by at most 400 days; split it into several steps.`,
            });
          }
          simulation.advance(ms);
        }
        return { index, type: step.type, report: plain(simulation.report()) };
      });
      return { start, diagnostics: compiled.diagnostics, initial, steps: reports };
    },
  );
}

/** The report as plain JSON objects (effects are typed as interfaces, the response as open records). */
function plain(report: SimulationReport) {
  return { ...report, effects: report.effects.map((effect) => ({ ...effect })) };
}
