import type { CompiledJourney, RunData } from '@stagecraft/compiler';
import { exitReason } from '../exit-reason';
import type { Effect, Profile, RunState, RunStatus } from '../types';

/** Per-node counts, the way the canvas shows them. */
export interface NodeCounts {
  entered: number;
  /** Runs waiting at the node right now. */
  waiting: number;
  left: number;
  completed: number;
  converted: number;
  exited: number;
}

export interface SimulatedRun {
  runId: string;
  status: RunStatus;
  /** Node ids in the order the run entered them (the most recent 200). */
  path: string[];
  currentNodeId: string | null;
  /** Why the run ended (`exited: Order Completed`), as the runtime records it; null while active. */
  exitReason: string | null;
}

/** What a simulation has done so far. */
export interface SimulationReport {
  now: number;
  nodes: Record<string, NodeCounts>;
  customers: Record<string, { profile: Profile; runs: SimulatedRun[] }>;
  effects: Effect[];
}

/** Builds the report from the step records among the effects and the runs' current states. */
export function buildReport(
  journey: CompiledJourney,
  now: number,
  customers: ReadonlyMap<string, { profile: Profile; runs: RunState[] }>,
  effects: readonly Effect[],
): SimulationReport {
  const nodes: Record<string, NodeCounts> = {};
  const counts = (nodeId: string) => {
    nodes[nodeId] ??= { entered: 0, waiting: 0, left: 0, completed: 0, converted: 0, exited: 0 };
    return nodes[nodeId];
  };
  for (const node of journey.document.nodes) counts(node.id);
  const ends = new Map<string, Effect>();
  for (const effect of effects) {
    if (effect.type !== 'step') continue;
    counts(effect.nodeId)[effect.kind]++;
    if (effect.kind !== 'entered' && effect.kind !== 'left') ends.set(effect.runId, effect);
  }

  const report: SimulationReport['customers'] = {};
  for (const [customerId, customer] of customers) {
    const runs = customer.runs.map((state) => {
      if (state.status === 'active' && state.currentNodeId) counts(state.currentNodeId).waiting++;
      const data = (state.snapshot as { context?: RunData } | null)?.context;
      return {
        runId: state.runId,
        status: state.status,
        path: [...(data?.path ?? [])],
        currentNodeId: state.currentNodeId,
        exitReason: endReason(state, ends.get(state.runId)),
      };
    });
    report[customerId] = { profile: customer.profile, runs };
  }
  return { now, nodes, customers: report, effects: [...effects] };
}

function endReason(state: RunState, end: Effect | undefined): string | null {
  if (state.status === 'active') return null;
  return exitReason(end ? [end] : [], state.status);
}

/** Step records per node, counted as they happen (a summary keeps no effects to count later). */
export type StepCounts = Record<string, Omit<NodeCounts, 'waiting'>>;

export function countStep(counts: StepCounts, nodeId: string, kind: keyof StepCounts[string]): void {
  counts[nodeId] ??= { entered: 0, left: 0, completed: 0, converted: 0, exited: 0 };
  counts[nodeId][kind]++;
}

/** What a simulation has done so far, as counts only. */
export interface SimulationSummary {
  now: number;
  nodes: Record<string, NodeCounts>;
  customers: number;
  runs: Record<RunStatus, number>;
  /** Effects by type (`send`, `http`, `step`, ...), all of them, kept or not. */
  effects: Record<string, number>;
}

/** The summary from the counted steps and effects and the runs' current states. */
export function buildSummary(
  journey: CompiledJourney,
  now: number,
  customers: ReadonlyMap<string, { runs: RunState[] }>,
  steps: StepCounts,
  effects: Record<string, number>,
): SimulationSummary {
  const nodes: Record<string, NodeCounts> = {};
  const counts = (nodeId: string) => {
    nodes[nodeId] ??= {
      entered: 0,
      waiting: 0,
      left: 0,
      completed: 0,
      converted: 0,
      exited: 0,
      ...steps[nodeId],
    };
    return nodes[nodeId];
  };
  for (const node of journey.document.nodes) counts(node.id);
  for (const nodeId of Object.keys(steps)) counts(nodeId);
  const runs: Record<RunStatus, number> = { active: 0, completed: 0, exited: 0, converted: 0, failed: 0 };
  for (const customer of customers.values()) {
    for (const state of customer.runs) {
      runs[state.status]++;
      if (state.status === 'active' && state.currentNodeId) counts(state.currentNodeId).waiting++;
    }
  }
  return { now, nodes, customers: customers.size, runs, effects: { ...effects } };
}
