import { compileJourney } from '@stagecraft/compiler';
import { createSimulation } from '@stagecraft/engine';
import { journeyTemplates } from '@stagecraft/journeys';
import { builtinRegistry } from '@stagecraft/nodes';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 6 January 2025, 10:00 UTC: where every simulation's virtual clock starts. */
export const START = Date.UTC(2025, 0, 6, 10, 0);

export type Simulation = ReturnType<typeof createSimulation>;
export type Report = ReturnType<Simulation['report']>;
type Effect = Report['effects'][number];
type Run = Report['customers'][string]['runs'][number];

/** Compiles a golden journey with the built-in node types; fails the test on any error diagnostic. */
export function compileTemplate(id: string, journeyId = id) {
  const template = journeyTemplates.find((candidate) => candidate.id === id);
  if (!template) throw new Error(`No journey template "${id}".`);
  const result = compileJourney(template.document, builtinRegistry, { journeyId, version: 1 });
  if (!result.ok) {
    const lines = result.diagnostics.map(
      (diagnostic) => `${diagnostic.nodeId ?? '-'}: ${diagnostic.message}`,
    );
    throw new Error(`${id} does not compile:\n${lines.join('\n')}`);
  }
  return result.journey;
}

/** A simulation of one golden journey on a virtual clock starting at START. */
export function simulate(id: string, options: { journeyId?: string; start?: number } = {}): Simulation {
  return createSimulation(compileTemplate(id, options.journeyId), { start: options.start ?? START });
}

/** Adds a test customer with an email address and a phone number, as a real workspace would have. */
export function addCustomer(
  sim: Simulation,
  customerId: string,
  traits: Record<string, unknown> = {},
  timeZone?: string,
) {
  const contact = {
    email: `${customerId}@example.com`,
    phone: '+15555550100',
    first_name: customerId,
    ...traits,
  };
  sim.identify(customerId, contact, timeZone ? { timeZone } : undefined);
}

export interface SentMessage {
  nodeId: string;
  name: string | null;
  channel: string;
  /** Virtual time the run entered the sending step. */
  at: number;
}

/** The messages one customer was sent, oldest first, with when each went out. */
export function messagesOf(report: Report, customerId: string): SentMessage[] {
  const entered = (effect: Effect) =>
    report.effects.find(
      (step) =>
        step.type === 'step' &&
        step.kind === 'entered' &&
        step.runId === effect.runId &&
        step.nodeId === effect.nodeId &&
        step.visit === effect.visit,
    );
  return report.effects.flatMap((effect) => {
    if (effect.type !== 'send' || effect.customerId !== customerId) return [];
    const step = entered(effect);
    const at = step?.type === 'step' ? step.at : Number.NaN;
    return [{ nodeId: effect.nodeId, name: effect.messageName, channel: effect.channel, at }];
  });
}

/** Names of the messages one customer was sent, oldest first. */
export function messageNames(report: Report, customerId: string): (string | null)[] {
  return messagesOf(report, customerId).map((message) => message.name);
}

/** A customer's runs of the journey, oldest first; empty when they never entered. */
export function runsOf(report: Report, customerId: string): Run[] {
  return report.customers[customerId]?.runs ?? [];
}

/** The customer's only run; fails when they entered more than once or never. */
export function onlyRun(report: Report, customerId: string): Run {
  const runs = runsOf(report, customerId);
  if (runs.length !== 1) throw new Error(`${customerId} has ${runs.length} runs, expected exactly one.`);
  return runs[0]!;
}
