import type { JourneyDocument } from '@stagecraft/graph';
import { useCallback, useMemo, useState } from 'react';
import type { SimulationReport, SimulationResult, SimulationStep } from '../api/types';
import type { SimulationMark } from '../editor/canvas/types';
import { useSimulate } from './queries';

/** The test customer a simulation runs for; also the sample customer of message previews. */
export interface TestCustomer {
  id: string;
  traits: Record<string, unknown>;
  timeZone: string;
}

export const DEFAULT_CUSTOMER: TestCustomer = {
  id: 'test-customer',
  traits: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', plan: 'pro' },
  timeZone: 'UTC',
};

const NO_MARKS = new Map<string, SimulationMark>();
const NO_EDGES = new Set<string>();

/**
 * A simulation session: the test customer, the steps fired so far and the latest report. Each new
 * step re-runs the whole scenario on the server, so what you see is exactly what the engine does.
 */
export function useSimulation(doc: JourneyDocument) {
  const simulate = useSimulate();
  const [customer, setCustomer] = useState<TestCustomer>(DEFAULT_CUSTOMER);
  const [steps, setSteps] = useState<SimulationStep[]>([]);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [ranOn, setRanOn] = useState<JourneyDocument | null>(null);
  // One virtual start per session, so re-running the same steps gives the same clock and paths.
  const [start, setStart] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);

  const run = useCallback(
    (nextSteps: SimulationStep[]) =>
      simulate.mutate(
        {
          document: doc,
          start,
          customers: [
            {
              id: customer.id,
              traits: customer.traits,
              ...(customer.timeZone ? { timeZone: customer.timeZone } : {}),
            },
          ],
          steps: nextSteps,
        },
        {
          onSuccess: (answer) => {
            setSteps(nextSteps);
            setResult(answer);
            setRanOn(doc);
          },
        },
      ),
    [simulate, doc, customer, start],
  );

  const reset = useCallback(() => {
    setSteps([]);
    setResult(null);
    setRanOn(null);
    setStart(Math.floor(Date.now() / 60_000) * 60_000);
    simulate.reset();
  }, [simulate]);

  const report: SimulationReport | null = result ? (result.steps.at(-1)?.report ?? result.initial) : null;
  // Effects the last step added, so the panel can point them out.
  const before = result
    ? (result.steps.at(-2)?.report ?? (result.steps.length ? result.initial : null))
    : null;
  const newEffects = report ? report.effects.length - (before?.effects.length ?? 0) : 0;

  const runs = report?.customers[customer.id]?.runs ?? [];
  const { marks, edges } = useMemo(() => {
    if (!report) return { marks: NO_MARKS, edges: NO_EDGES };
    const marks = new Map<string, SimulationMark>();
    const edges = new Set<string>();
    for (const run of runs) {
      run.path.forEach((nodeId, index) => {
        if (!marks.has(nodeId)) marks.set(nodeId, 'visited');
        const next = run.path[index + 1];
        if (next) edges.add(`${nodeId}\u0000${next}`);
      });
      if (run.currentNodeId && run.status === 'active') marks.set(run.currentNodeId, 'current');
    }
    return { marks, edges };
  }, [report, runs]);

  return {
    customer,
    setCustomer,
    steps,
    report,
    newEffects,
    runs,
    run,
    reset,
    pending: simulate.isPending,
    error: simulate.error,
    stale: result !== null && ranOn !== doc,
    marks,
    edges,
  };
}

export type SimulationSession = ReturnType<typeof useSimulation>;
