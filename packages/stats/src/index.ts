export { type ChiSquareTest, goodnessOfFit, pearsonIndependence } from './chi-square';
export {
  ALL_ARMS,
  type ArmCounts,
  type ArmResult,
  analyzeExperiment,
  type Comparison,
  type ExperimentInput,
  type ExperimentResult,
  SRM_THRESHOLD,
} from './experiment';
export { chiSquareSurvival, logBeta, logGamma, upperGammaQ } from './gamma';
export { holmAdjust } from './holm';
export { normalCdf, normalQuantile, twoSidedP } from './normal';
export { BEST_DRAWS, probabilityBest } from './probability-best';
export { type Proportion, type TwoProportionTest, twoProportionTest, wilsonInterval } from './proportions';
export { betaDraw, gammaDraw, normalDraw, type Random, seededRandom } from './random';
export {
  mixtureRho2,
  plannedSamplePerArm,
  type SamplePlan,
  type SequentialResult,
  sequentialTest,
} from './sequential';
export { verdictOf } from './verdict';
