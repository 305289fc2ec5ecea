import { type ChiSquareTest, goodnessOfFit, pearsonIndependence } from './chi-square';
import { holmAdjust } from './holm';
import { probabilityBest } from './probability-best';
import { type Proportion, twoProportionTest, wilsonInterval } from './proportions';
import { plannedSamplePerArm, type SamplePlan, sequentialTest } from './sequential';
import { verdictOf } from './verdict';

/** The id under which the pooled non-holdout arms are compared with the holdout. */
export const ALL_ARMS = 'all';
/** SRM is flagged below this p-value: at 0.05 most alarms on unequal splits would be false. */
export const SRM_THRESHOLD = 0.001;

/** One arm's counts as the server feeds them. */
export interface ArmCounts extends Proportion {
  id: string;
  label: string;
  /** Share of everyone entering the split, in percent (holdout included). */
  weight: number;
  holdout: boolean;
}

export interface ExperimentInput {
  arms: readonly ArmCounts[];
  /** Id of the control arm; the first non-holdout arm when missing or unknown. */
  control: string;
  plan: SamplePlan;
}

export interface ArmResult extends ArmCounts {
  rate: number;
  ci: [number, number];
}

export interface Comparison {
  arm: string;
  against: string;
  /** Absolute difference of rates, arm minus against. */
  lift: number;
  liftCi: [number, number];
  /** lift / rate of `against`; null when that rate is 0. */
  relativeLift: number | null;
  pValue: number;
  pValueAdjusted: number;
  sequential: { pValue: number; liftCi: [number, number] };
  probabilityBest: number;
}

export interface ExperimentResult {
  control: string;
  arms: ArmResult[];
  comparisons: Comparison[];
  overall: ChiSquareTest;
  srm: ChiSquareTest & { flagged: boolean };
  sampleSize: { plannedPerArm: number | null; smallestArm: number; reached: boolean };
  verdict: string;
}

/**
 * Everything the results panel shows for one split, from its counts: each arm's rate with its
 * Wilson interval; each arm against the control (and all arms pooled against the holdout) with
 * the pooled z-test, Holm-adjusted p-values, the always-valid sequential test and the
 * probability of being best; Pearson's chi-square over the arms; the sample-ratio check; and
 * the verdict sentence.
 */
export function analyzeExperiment(input: ExperimentInput): ExperimentResult {
  const { plan } = input;
  const confidence = 1 - plan.alpha;
  const arms: ArmResult[] = input.arms.map((arm) => ({
    ...arm,
    rate: arm.entered > 0 ? arm.converted / arm.entered : 0,
    ci: wilsonInterval(arm, confidence),
  }));
  const treated = arms.filter((arm) => !arm.holdout);
  const holdout = arms.find((arm) => arm.holdout);
  const control = treated.find((arm) => arm.id === input.control) ?? treated[0];
  const plannedPerArm = plannedSamplePerArm(plan);
  const plannedTotal = 2 * (plannedPerArm ?? 0);
  const best = probabilityBest(treated);
  const raw: Omit<Comparison, 'pValueAdjusted'>[] = [];
  const compare = (arm: Proportion & { id: string }, against: ArmResult, chanceBest: number) => {
    const test = twoProportionTest(arm, against, confidence);
    const sequential = sequentialTest(
      test.difference,
      test.variance,
      arm.entered + against.entered,
      plannedTotal || arm.entered + against.entered,
      plan.alpha,
    );
    raw.push({
      arm: arm.id,
      against: against.id,
      lift: test.difference,
      liftCi: test.differenceCi,
      relativeLift: against.rate > 0 ? test.difference / against.rate : null,
      pValue: test.pValue,
      sequential: { pValue: sequential.pValue, liftCi: sequential.differenceCi },
      probabilityBest: chanceBest,
    });
  };
  treated.forEach((arm, index) => {
    if (control && arm !== control) compare(arm, control, best[index]!);
  });
  if (holdout && treated.length > 0) {
    const pooled = {
      id: ALL_ARMS,
      entered: treated.reduce((sum, arm) => sum + arm.entered, 0),
      converted: treated.reduce((sum, arm) => sum + arm.converted, 0),
    };
    compare(pooled, holdout, probabilityBest([holdout, pooled])[1]!);
  }
  const adjusted = holmAdjust(raw.map((c) => c.pValue));
  const comparisons = raw.map((c, i) => ({ ...c, pValueAdjusted: adjusted[i]! }));
  const srmTest = goodnessOfFit(
    arms.map((arm) => arm.entered),
    arms.map((arm) => arm.weight),
  );
  const smallestArm = treated.length > 0 ? Math.min(...treated.map((arm) => arm.entered)) : 0;
  const reached = plannedPerArm !== null && smallestArm >= plannedPerArm;
  const result: Omit<ExperimentResult, 'verdict'> = {
    control: control?.id ?? input.control,
    arms,
    comparisons,
    overall: pearsonIndependence(treated),
    srm: { ...srmTest, flagged: srmTest.df > 0 && srmTest.pValue < SRM_THRESHOLD },
    sampleSize: { plannedPerArm, smallestArm, reached },
  };
  return { ...result, verdict: verdictOf(result, plan.alpha) };
}
