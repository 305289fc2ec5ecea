import './experiments.css';
import { ExperimentPanel } from './ExperimentPanel';
import { PlannedSample } from './PlannedSample';
import type { ExperimentView } from './queries';

/** Under a split's form: the planned sample it implies, and its results once it is published. */
export function SplitExperiment({
  journeyId,
  config,
  experiment,
  readOnly,
}: {
  journeyId: string;
  config: Record<string, unknown>;
  experiment: ExperimentView | undefined;
  readOnly: boolean;
}) {
  return (
    <>
      <PlannedSample
        config={config}
        entriesPerDay={experiment?.entriesPerDay ?? null}
        smallestArm={experiment?.sampleSize.smallestArm ?? 0}
      />
      {experiment && <ExperimentPanel journeyId={journeyId} experiment={experiment} readOnly={readOnly} />}
    </>
  );
}
