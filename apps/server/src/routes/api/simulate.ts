import { builtinRegistry } from '@stagecraft/nodes';
import type { NodeRegistry } from '@stagecraft/sdk';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorResponses } from '../../errors';
import { limitMessage } from '../../simulation/limit-message';
import {
  advanceMs,
  countCustomers,
  MAX_ADVANCE_MS,
  runSimulation,
  type SimulationJob,
  type SimulationOutcome,
  scaledWallTime,
} from '../../simulation/run-simulation';
import { PoolFullError, SimulationPool } from '../../simulation/simulation-pool';
import { DiagnosticSchema, DocumentSchema } from './schemas';

const customerId = z.string().trim().min(1).max(200);
/** A step's customer; omitted, the step applies to every customer of the simulation in order. */
const stepCustomer = customerId
  .optional()
  .describe('The customer; omitted, every customer listed in `customers`, in their order');

/** Most customers one simulation may run; its step and timer limits grow with the count. */
export const MAX_SIMULATED_CUSTOMERS = 10_000;

/** A time as ISO 8601 or epoch milliseconds. */
const Instant = z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]);

const StepSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('identify'),
    customerId: stepCustomer,
    traits: z.record(z.string(), z.unknown()).default({}),
    timeZone: z.string().optional(),
  }),
  z.object({
    type: z.literal('track'),
    customerId: stepCustomer,
    event: z.string().trim().min(1).max(200),
    properties: z.record(z.string(), z.unknown()).default({}),
  }),
  z
    .object({
      type: z.literal('batch'),
      customerId: stepCustomer,
      events: z
        .array(
          z.object({
            event: z.string().trim().min(1).max(200),
            properties: z.record(z.string(), z.unknown()).default({}),
            timestamp: Instant.optional().describe(
              "When the client says it happened (ISO 8601 or epoch ms); the step's time when omitted",
            ),
          }),
        )
        .min(1)
        .max(100),
    })
    .describe(
      'Events that arrive together in this order, as a batching client sends them; runs see them by arrival order',
    ),
  z.object({
    type: z.literal('enter'),
    customerId: stepCustomer,
    nodeId: z.string().optional().describe('The API trigger to enter at; the first one when omitted'),
  }),
  z.object({
    type: z.literal('advance'),
    amount: z.number().positive(),
    unit: z.enum(['minutes', 'hours', 'days', 'weeks']),
  }),
  z
    .object({
      type: z.literal('migrate'),
      document: DocumentSchema.describe('The next version of the journey'),
      nodeMap: z
        .record(z.string(), z.string())
        .describe('Old node id -> new node id for the steps where customers wait'),
    })
    .describe(
      "Publishes `document` as the next version and moves the waiting runs with the runtime's migration; new entries use it",
    ),
]);

/** What an HTTP request or plugin step answers in the simulation, for one node or one customer there. */
const AnswerSchema = z.object({
  nodeId: z.string().min(1).max(200),
  customerId: customerId.optional().describe('Only for this customer; omitted, for every customer'),
  status: z
    .number()
    .int()
    .min(100)
    .max(599)
    .default(200)
    .describe('2xx takes the success port; anything else the failure port'),
  body: z.unknown().optional().describe('The JSON the step stores as response.<nodeId>'),
});

const SimulateBodySchema = z.object({
  document: DocumentSchema,
  start: Instant.optional().describe(
    'Virtual start time (ISO 8601 or epoch ms); now when omitted. Same input, same output.',
  ),
  customers: z
    .array(
      z.object({
        id: customerId,
        traits: z.record(z.string(), z.unknown()).default({}),
        timeZone: z.string().optional(),
      }),
    )
    .max(MAX_SIMULATED_CUSTOMERS, `simulate at most ${MAX_SIMULATED_CUSTOMERS} customers at once`)
    .default([]),
  steps: z.array(StepSchema).max(500).default([]),
  report: z
    .enum(['full', 'summary'])
    .default('full')
    .describe('full: customers, paths and effects after every step; summary: counts only (for thousands)'),
  answers: z
    .array(AnswerSchema)
    .max(1_000)
    .default([])
    .describe(
      'Answers for HTTP and plugin steps; a customer answer wins over a node answer; unanswered steps succeed',
    ),
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

const CountsSchema = z.object({
  entered: z.number(),
  waiting: z.number(),
  left: z.number(),
  completed: z.number(),
  converted: z.number(),
  exited: z.number(),
});

/** Counts only, for `report: "summary"`. */
const SummarySchema = z
  .object({
    now: z.number(),
    nodes: z.record(z.string(), CountsSchema),
    customers: z.number().int(),
    runs: z.object({
      active: z.number(),
      completed: z.number(),
      exited: z.number(),
      converted: z.number(),
      failed: z.number(),
    }),
    effects: z.record(z.string(), z.number()).describe('Effects by type'),
  })
  .meta({ id: 'SimulationSummary' });

const StepReportSchema = z.union([ReportSchema, SummarySchema]);

/** A simulation request after validation. */
export type SimulateBody = z.infer<typeof SimulateBodySchema>;

/**
 * Stateless simulation for the editor's test panel: compile, then replay steps on a virtual
 * clock, on a worker thread within the configured budget so that no request holds the server.
 */
export default async function simulateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { workers, queue, wallTimeMs } = app.config.simulation;
  const pluginModules = app.plugins.packages.flatMap((p) => (p.nodeTypesModule ? [p.nodeTypesModule] : []));
  const pool = new SimulationPool({ workers, queue, wallTimeMs, pluginModules });
  app.addHook('onClose', () => pool.close());
  // A worker thread rebuilds the built-in node types and the plugins' from their modules; any
  // other registry (given to buildApp directly) runs in this thread.
  const threaded = app.registry === builtinRegistry || app.plugins.packages.length > 0;
  // The job is taken in request order, before the workspace's zone is read: a request that
  // arrives at a busy pool is refused at once, whichever lookup finishes first.
  const run = (body: Omit<SimulationJob, 'workspaceTimeZone'>, workspaceId: string) => {
    const allowed = scaledWallTime(wallTimeMs, countCustomers(body));
    const job = app.repositories.workspaces
      .get(workspaceId)
      .then((workspace): SimulationJob => ({ ...body, workspaceTimeZone: workspace?.timeZone ?? 'UTC' }));
    return threaded ? pool.run(job, allowed) : job.then((ready) => runInThread(ready, app.registry, allowed));
  };

  app.post(
    '/simulate',
    {
      config: { permission: 'journeys:write' },
      schema: {
        tags: ['Simulation'],
        summary: 'Run a journey for up to 10,000 test customers on a virtual clock; a report after each step',
        body: SimulateBodySchema,
        response: {
          200: z.object({
            start: z.number(),
            diagnostics: z.array(DiagnosticSchema),
            initial: StepReportSchema.describe('After the customers were identified'),
            steps: z.array(
              z.object({
                index: z.number().int(),
                type: z.string(),
                report: StepReportSchema,
                migration: z
                  .object({ moved: z.number().int(), problems: z.array(DiagnosticSchema) })
                  .optional()
                  .describe('For a migrate step: runs moved, and why others were not'),
              }),
            ),
          }),
          ...errorResponses(400, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const start = request.body.start === undefined ? app.now() : new Date(request.body.start).getTime();
      request.body.steps.forEach((step, index) => {
        if (step.type === 'advance' && advanceMs(step) > MAX_ADVANCE_MS) {
          throw new AppError('invalid-request', {
            field: `steps.${index}.amount`,
            message: `steps.${index}.amount: one step may advance the clock by at most 400 days; split it into several steps.`,
          });
        }
      });
      let outcome: SimulationOutcome;
      try {
        outcome = await run({ ...request.body, start }, request.workspaceId);
      } catch (error) {
        if (!(error instanceof PoolFullError)) throw error;
        reply.header('retry-after', String(Math.ceil(wallTimeMs / 1000)));
        throw new AppError('simulations-busy');
      }
      if (outcome.ok) {
        const { ok: _ok, ...result } = outcome;
        return result;
      }
      if (outcome.reason === 'invalid') {
        throw new AppError('journey-invalid', {
          message:
            outcome.step === undefined
              ? 'The journey has errors, so it cannot be simulated; fix the steps listed in diagnostics.'
              : `steps.${outcome.step}.document: the version to migrate to has errors; fix the steps listed in diagnostics.`,
          details: { diagnostics: outcome.diagnostics },
        });
      }
      throw new AppError('simulation-too-large', {
        message: limitMessage(outcome.limit, outcome.max),
        details: { limit: outcome.limit, max: outcome.max },
      });
    },
  );
}

/** The same simulation on the calling thread, with the same budget. */
function runInThread(job: SimulationJob, registry: NodeRegistry, wallTimeMs: number): SimulationOutcome {
  const deadline = performance.now() + wallTimeMs;
  return runSimulation(job, registry, { pastDeadline: () => performance.now() > deadline, wallTimeMs });
}
