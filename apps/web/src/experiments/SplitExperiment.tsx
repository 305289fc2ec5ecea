import './experiments.css';
import { RandomSplitConfigSchema, splitShares } from '@stagecraft/nodes';
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
  const parsed = RandomSplitConfigSchema.safeParse(config);
  const shares = parsed.success ? splitShares(parsed.data) : [];
  return (
    <>
      {shares.length > 0 && (
        <p className="hint" data-testid="split-shares">
          Of everyone entering:{' '}
          {shares.map((share) => `${share.label} ${Math.round(share.percent * 10) / 10}%`).join(' · ')}
        </p>
      )}
      <PlannedSample
        config={config}
        entriesPerDay={experiment?.entriesPerDay ?? null}
        smallestArm={experiment?.sampleSize.smallestArm ?? 0}
      />
      {experiment && <ExperimentPanel journeyId={journeyId} experiment={experiment} readOnly={readOnly} />}
    </>
  );
}
