import type { CompiledJourney } from '@stagecraft/compiler';
import type { EventMatcher } from '@stagecraft/graph';
import { experimentsOf, SPLIT_TYPE } from './definitions';

/** What converts a customer assigned at one split: a matching event within the window. */
export interface ExperimentGoal {
  journeyId: string;
  nodeId: string;
  match: EventMatcher;
  windowMs: number;
}

const goalCache = new WeakMap<CompiledJourney, ExperimentGoal[]>();

/** The conversion goals of a compiled journey's splits (read once per compiled version). */
export function experimentGoalsOf(journey: CompiledJourney): ExperimentGoal[] {
  let goals = goalCache.get(journey);
  if (!goals) {
    goals = experimentsOf(journey.document).flatMap((experiment) =>
      experiment.goal
        ? [
            {
              journeyId: journey.journeyId,
              nodeId: experiment.nodeId,
              match: experiment.goal,
              windowMs: experiment.windowDays * 86_400_000,
            },
          ]
        : [],
    );
    goalCache.set(journey, goals);
  }
  return goals;
}

/** True when the compiled journey's node is a split, whose port taken is an assignment. */
export function isSplit(journey: CompiledJourney, nodeId: string): boolean {
  return journey.nodes[nodeId]?.type === SPLIT_TYPE;
}
