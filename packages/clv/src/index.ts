export {
  type BgNbdParams,
  bgnbdLogLikelihood,
  expectedPurchases,
  groupRfm,
  probabilityAlive,
  type Rfm,
  type RfmGroups,
} from './bgnbd.js';
export {
  type ClvFit,
  type ClvModel,
  type CustomerValue,
  customerValue,
  fitBgNbd,
  fitClv,
  fitGammaGamma,
  MIN_REPEAT_BUYERS,
} from './fit.js';
export { expectedSpend, type GammaGammaParams, gammaGammaLogLikelihood, type Spend } from './gamma-gamma.js';
export { type Minimum, type NelderMeadOptions, nelderMead } from './nelder-mead.js';
export { hyp2f1, logAddExp } from './special.js';
export {
  type CustomerSummary,
  dayNumber,
  type Purchase,
  summarize,
  type TimeUnit,
  unitDays,
} from './summary.js';
export { type SyntheticOptions, synthesize } from './synthetic.js';
