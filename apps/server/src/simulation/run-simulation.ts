import { compileJourney, type Diagnostic } from '@stagecraft/compiler';
import {
  createSimulation,
  type SimulationBudget,
  type SimulationLimit,
  SimulationLimitError,
  type SimulationReport,
} from '@stagecraft/engine';
import type { NodeRegistry } from '@stagecraft/sdk';
import type { SimulateBody } from '../routes/api/simulate';

/** What a simulation request asks for, after validation, with its virtual start time fixed. */
export type SimulationJob = Omit<SimulateBody, 'start'> & { start: number };

/** A per-step report as plain JSON: it crosses a thread boundary and goes out as the response. */
export type PlainReport = Omit<SimulationReport, 'effects'> & {
  effects: ({ type: string } & Record<string, unknown>)[];
};

/** What a simulation gives back: the reports, the journey's errors, or the limit it passed. */
export type SimulationOutcome =
  | {
      ok: true;
      start: number;
      diagnostics: Diagnostic[];
      initial: PlainReport;
      steps: { index: number; type: string; report: PlainReport }[];
    }
  | { ok: false; reason: 'invalid'; diagnostics: Diagnostic[] }
  | { ok: false; reason: 'limit'; limit: SimulationLimit | 'memory'; max: number };

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/** How far one `advance` step may move the clock, in milliseconds. */
export const MAX_ADVANCE_MS = 400 * UNIT_MS.days;

/** The milliseconds an `advance` step moves the clock. */
export function advanceMs(step: { amount: number; unit: keyof typeof UNIT_MS }): number {
  return step.amount * UNIT_MS[step.unit];
}

/**
 * Compiles the journey and replays the steps on a virtual clock within the budget, taking a
 * report after the customers are identified and after each step. Runs the same in a worker
 * thread and in the calling one; it never throws for a journey's errors or a passed limit.
 */
export function runSimulation(
  job: SimulationJob,
  registry: NodeRegistry,
  budget: SimulationBudget,
): SimulationOutcome {
  const compiled = compileJourney(job.document as never, registry, { journeyId: 'simulation', version: 1 });
  if (!compiled.ok || compiled.diagnostics.some((d) => d.severity === 'error'))
    return { ok: false, reason: 'invalid', diagnostics: compiled.diagnostics };
  try {
    const simulation = createSimulation(compiled.journey, { start: job.start, budget });
    for (const customer of job.customers)
      simulation.identify(customer.id, customer.traits, { timeZone: customer.timeZone });
    const initial = plain(simulation.report());
    const steps = job.steps.map((step, index) => {
      if (step.type === 'identify')
        simulation.identify(step.customerId, step.traits, { timeZone: step.timeZone });
      else if (step.type === 'track') simulation.track(step.customerId, step.event, step.properties);
      else if (step.type === 'batch')
        simulation.batch(
          step.customerId,
          step.events.map((e) => ({
            name: e.event,
            properties: e.properties,
            ...(e.timestamp === undefined ? {} : { at: new Date(e.timestamp).getTime() }),
          })),
        );
      else if (step.type === 'enter') simulation.enter(step.customerId, step.nodeId);
      else simulation.advance(advanceMs(step));
      return { index, type: step.type, report: plain(simulation.report()) };
    });
    return { ok: true, start: job.start, diagnostics: compiled.diagnostics, initial, steps };
  } catch (error) {
    if (error instanceof SimulationLimitError)
      return { ok: false, reason: 'limit', limit: error.limit, max: error.max };
    throw error;
  }
}

/** The report as plain JSON objects (effects are typed as interfaces, the response as open records). */
function plain(report: SimulationReport): PlainReport {
  return { ...report, effects: report.effects.map((effect) => ({ ...effect })) };
}
