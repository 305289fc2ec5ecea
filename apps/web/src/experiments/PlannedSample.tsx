import { plannedSamplePerArm } from '@stagecraft/stats';
import { count } from '../ui/format';

interface SplitPlanConfig {
  arms?: { weight?: number }[];
  holdout?: { enabled?: boolean; percent?: number };
  plan?: {
    baselinePercent?: number;
    minimumDetectableEffectPercent?: number;
    powerPercent?: number;
    alphaPercent?: number;
  };
}

/**
 * The planned sample the split's form implies, and how long it takes at the current entry
 * rate: the smallest arm's share of the customers entering per day sets the pace.
 */
export function PlannedSample({
  config,
  entriesPerDay,
  smallestArm,
}: {
  config: SplitPlanConfig;
  entriesPerDay: number | null;
  smallestArm: number;
}) {
  const plan = config.plan ?? {};
  const perArm = plannedSamplePerArm({
    baseline: (plan.baselinePercent ?? 10) / 100,
    minimumDetectableEffect: (plan.minimumDetectableEffectPercent ?? 10) / 100,
    power: (plan.powerPercent ?? 80) / 100,
    alpha: (plan.alphaPercent ?? 5) / 100,
  });
  if (perArm === null) {
    return (
      <p className="hint" data-testid="planned-sample">
        No sample can detect this effect: the baseline raised by the effect must stay below 100%.
      </p>
    );
  }
  const weights = (config.arms ?? []).map((arm) => arm.weight ?? 0);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const held = config.holdout?.enabled ? (config.holdout.percent ?? 10) : 0;
  const smallestShare = total > 0 ? (Math.min(...weights) / total) * (1 - held / 100) : 0;
  const days =
    entriesPerDay && entriesPerDay > 0 && smallestShare > 0
      ? Math.ceil(Math.max(0, perArm - smallestArm) / (entriesPerDay * smallestShare))
      : null;
  return (
    <p className="hint" data-testid="planned-sample">
      Planned sample: <b>{count(perArm)}</b> customers per arm.{' '}
      {days === null
        ? 'The expected duration shows once customers enter the published split.'
        : days === 0
          ? 'Reached.'
          : `About ${count(days)} more day${days === 1 ? '' : 's'} at the last week's ${count(Math.round(entriesPerDay ?? 0))} entries a day.`}
    </p>
  );
}
