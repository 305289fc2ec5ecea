import type { JourneyDocument } from '@stagecraft/graph';
import { analyzeExperiment, type ExperimentResult } from '@stagecraft/stats';
import type { DecisionRow } from '../repositories/experiments';
import type { Repositories } from '../repositories/index';
import { type ExperimentDefinition, experimentsOf } from './definitions';

/** How an experiment ended, as the API shows it. */
export interface DecisionView {
  decision: 'stopped' | 'promoted';
  arm: string | null;
  keepHoldout: boolean | null;
  version: number | null;
  migrated: number | null;
  decidedBy: string;
  decidedAt: string;
}

/** One experiment as `GET /api/journeys/:id/experiments` answers it. */
export type ExperimentView = Omit<ExperimentResult, 'control'> & {
  nodeId: string;
  name: string;
  status: 'running' | 'stopped';
  goal: { event: string | null; windowDays: number };
  control: string;
  /** Customers assigned per day, averaged over the last seven days. */
  entriesPerDay: number;
  decision: DecisionView | null;
};

/**
 * The experiments of a journey's published version with their results: computed now from the
 * counts for a running one, as kept at the decision for a stopped or promoted one.
 */
export async function journeyExperiments(
  repositories: Repositories,
  workspaceId: string,
  journeyId: string,
  document: JourneyDocument,
): Promise<ExperimentView[]> {
  const decisions = await repositories.experiments.decisions(workspaceId, journeyId);
  const views: ExperimentView[] = [];
  for (const definition of experimentsOf(document)) {
    const decided = decisions.get(definition.nodeId);
    views.push(
      decided ? frozen(decided) : await liveResults(repositories, workspaceId, journeyId, definition),
    );
  }
  return views;
}

/** A running experiment's results from its counts now. */
export async function liveResults(
  repositories: Repositories,
  workspaceId: string,
  journeyId: string,
  definition: ExperimentDefinition,
): Promise<ExperimentView> {
  const { arms: tally, perDay } = await repositories.experiments.tally(
    workspaceId,
    journeyId,
    definition.nodeId,
  );
  const result = analyzeExperiment({
    arms: definition.shares.map((share) => ({
      id: share.id,
      label: share.label,
      weight: Math.round(share.percent * 10_000) / 10_000,
      holdout: share.holdout,
      entered: tally.get(share.id)?.entered ?? 0,
      converted: tally.get(share.id)?.converted ?? 0,
    })),
    control: definition.control,
    plan: definition.plan,
  });
  return {
    nodeId: definition.nodeId,
    name: definition.name,
    status: 'running',
    goal: { event: definition.goal?.event ?? null, windowDays: definition.windowDays },
    ...result,
    entriesPerDay: Math.round(perDay * 100) / 100,
    decision: null,
  };
}

function frozen(row: DecisionRow): ExperimentView {
  const results = row.results as unknown as ExperimentView;
  return { ...results, status: 'stopped', decision: decisionView(row) };
}

/** A stored decision as the API shows it. */
export function decisionView(row: DecisionRow): DecisionView {
  return {
    decision: row.decision,
    arm: row.arm,
    keepHoldout: row.keepHoldout,
    version: row.version,
    migrated: row.migrated,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt.toISOString(),
  };
}
