import { type CompiledJourney, compileJourney, type Diagnostic } from '@stagecraft/compiler';
import {
  createSimulation,
  DEFAULT_SIMULATION_LIMITS,
  type Effect,
  type Simulation,
  type SimulationBudget,
  type SimulationLimit,
  SimulationLimitError,
  type SimulationReport,
  type SimulationSummary,
} from '@stagecraft/engine';
import type { ExecuteResult, NodeRegistry } from '@stagecraft/sdk';
import type { SimulateBody } from '../routes/api/simulate';

/**
 * What a simulation request asks for, after validation, with its virtual start time fixed and
 * the workspace's zone (for customers without one, as the runtime reads them).
 */
export type SimulationJob = Omit<SimulateBody, 'start'> & { start: number; workspaceTimeZone?: string };

/** A per-step report as plain JSON: it crosses a thread boundary and goes out as the response. */
export type PlainReport = Omit<SimulationReport, 'effects'> & {
  effects: ({ type: string } & Record<string, unknown>)[];
};

/** One step's outcome: the report (full or summary), and a migrate step's result. */
export interface StepOutcome {
  index: number;
  type: string;
  report: PlainReport | SimulationSummary;
  migration?: { moved: number; problems: Diagnostic[] };
}

/** What a simulation gives back: the reports, the journey's errors, or the limit it passed. */
export type SimulationOutcome =
  | {
      ok: true;
      start: number;
      diagnostics: Diagnostic[];
      initial: PlainReport | SimulationSummary;
      steps: StepOutcome[];
    }
  | { ok: false; reason: 'invalid'; diagnostics: Diagnostic[]; step?: number }
  | { ok: false; reason: 'limit'; limit: SimulationLimit | 'memory'; max: number };

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/** How far one `advance` step may move the clock, in milliseconds. */
export const MAX_ADVANCE_MS = 400 * UNIT_MS.days;

/** Engine steps and timers allowed per simulated customer, past the defaults for a small simulation. */
const STEPS_PER_CUSTOMER = 200;

/** The milliseconds an `advance` step moves the clock. */
export function advanceMs(step: { amount: number; unit: keyof typeof UNIT_MS }): number {
  return step.amount * UNIT_MS[step.unit];
}

/**
 * The counted limits for a simulation of `customers` customers: steps and timers grow with the
 * count (200 per customer, never below the defaults); kept effects do not, since a summary keeps none.
 */
export function scaledLimits(customers: number): typeof DEFAULT_SIMULATION_LIMITS {
  const perCustomer = customers * STEPS_PER_CUSTOMER;
  return {
    ...DEFAULT_SIMULATION_LIMITS,
    steps: Math.max(DEFAULT_SIMULATION_LIMITS.steps, perCustomer),
    timers: Math.max(DEFAULT_SIMULATION_LIMITS.timers, perCustomer),
  };
}

/**
 * Compiles the journey and replays the steps on a virtual clock within the budget, taking a
 * report (or a summary) after the customers are identified and after each step. Runs the same
 * in a worker thread and in the calling one; it never throws for a journey's errors or a passed limit.
 */
export function runSimulation(
  job: SimulationJob,
  registry: NodeRegistry,
  budget: SimulationBudget,
): SimulationOutcome {
  const compiled = compileJourney(job.document as never, registry, { journeyId: 'simulation', version: 1 });
  if (!compiled.ok || compiled.diagnostics.some((d) => d.severity === 'error'))
    return { ok: false, reason: 'invalid', diagnostics: compiled.diagnostics };
  const summary = job.report === 'summary';
  const everyone = job.customers.map((customer) => customer.id);
  let version = 1;
  try {
    const simulation = createSimulation(compiled.journey, {
      start: job.start,
      respond: answerer(job.answers),
      keepEffects: !summary,
      ...(job.workspaceTimeZone ? { workspaceTimeZone: job.workspaceTimeZone } : {}),
      budget: { ...budget, limits: { ...scaledLimits(countCustomers(job)), ...budget.limits } },
    });
    const take = () => (summary ? simulation.summary() : plain(simulation.report()));
    for (const customer of job.customers)
      simulation.identify(customer.id, customer.traits, { timeZone: customer.timeZone });
    const initial = take();
    const steps: StepOutcome[] = [];
    for (const [index, step] of job.steps.entries()) {
      if (step.type === 'migrate') {
        const next = compileJourney(step.document as never, registry, {
          journeyId: 'simulation',
          version: version + 1,
        });
        if (!next.ok || next.diagnostics.some((d) => d.severity === 'error'))
          return { ok: false, reason: 'invalid', diagnostics: next.diagnostics, step: index };
        version++;
        const migration = simulation.migrate(next.journey as CompiledJourney, step.nodeMap);
        steps.push({ index, type: step.type, report: take(), migration });
        continue;
      }
      if (step.type === 'advance') simulation.advance(advanceMs(step));
      else
        for (const id of step.customerId === undefined ? everyone : [step.customerId])
          apply(simulation, step, id);
      steps.push({ index, type: step.type, report: take() });
    }
    return { ok: true, start: job.start, diagnostics: compiled.diagnostics, initial, steps };
  } catch (error) {
    if (error instanceof SimulationLimitError)
      return { ok: false, reason: 'limit', limit: error.limit, max: error.max };
    throw error;
  }
}

type CustomerStep = Exclude<SimulationJob['steps'][number], { type: 'advance' | 'migrate' }>;

/** One customer's part of a step. */
function apply(simulation: Simulation, step: CustomerStep, customerId: string): void {
  switch (step.type) {
    case 'identify':
      simulation.identify(customerId, step.traits, { timeZone: step.timeZone });
      return;
    case 'track':
      simulation.track(customerId, step.event, step.properties);
      return;
    case 'batch':
      simulation.batch(
        customerId,
        step.events.map((e) => ({
          name: e.event,
          properties: e.properties,
          ...(e.timestamp === undefined ? {} : { at: new Date(e.timestamp).getTime() }),
        })),
      );
      return;
    case 'enter':
      simulation.enter(customerId, step.nodeId);
  }
}

/**
 * The wall time a simulation of `customers` customers may take: the configured time for up to
 * 1,000 customers, and 2 seconds more for every further 1,000 (28 s for 10,000 at the default 10 s).
 */
export function scaledWallTime(baseMs: number, customers: number): number {
  return baseMs + Math.max(0, Math.ceil((customers - 1_000) / 1_000)) * WALL_MS_PER_1000;
}

const WALL_MS_PER_1000 = 2_000;

/** Customers the simulation will hold: those listed, and any a step names besides. */
export function countCustomers(job: Pick<SimulationJob, 'customers' | 'steps'>): number {
  const ids = new Set(job.customers.map((customer) => customer.id));
  for (const step of job.steps) if ('customerId' in step && step.customerId) ids.add(step.customerId);
  return ids.size;
}

/**
 * Answers HTTP and plugin effects from the request: the answer for (node, customer) first, then
 * the node's; a step nobody answered succeeds with no data. A 2xx status succeeds with `body` as
 * the stored response; any other fails as the runtime reports an HTTP error.
 */
export function answerer(answers: SimulationJob['answers']): (effect: Effect) => ExecuteResult {
  const byKey = new Map<string, SimulationJob['answers'][number]>();
  for (const answer of answers) byKey.set(answerKey(answer.nodeId, answer.customerId), answer);
  return (effect) => {
    const answer =
      byKey.get(answerKey(effect.nodeId, effect.customerId)) ?? byKey.get(answerKey(effect.nodeId));
    if (!answer) return { ok: true };
    const data = answer.body ?? null;
    if (answer.status >= 200 && answer.status < 300) return { ok: true, data };
    const text = answer.body === undefined ? '' : `: ${JSON.stringify(answer.body).slice(0, 200)}`;
    return { ok: false, data, error: `HTTP ${answer.status}${text}` };
  };
}

function answerKey(nodeId: string, customerId?: string): string {
  return customerId === undefined ? nodeId : `${nodeId}\u0000${customerId}`;
}

/** The report as plain JSON objects (effects are typed as interfaces, the response as open records). */
function plain(report: SimulationReport): PlainReport {
  return { ...report, effects: report.effects.map((effect) => ({ ...effect })) };
}
