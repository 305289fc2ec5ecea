import { chiSquareSurvival } from './gamma';
import type { Proportion } from './proportions';

/** A chi-square statistic with its degrees of freedom and upper-tail p-value. */
export interface ChiSquareTest {
  chiSquare: number;
  df: number;
  pValue: number;
}

const NOTHING: ChiSquareTest = { chiSquare: 0, df: 0, pValue: 1 };

/**
 * Pearson's chi-square test of independence on the arms × (converted, not converted) table:
 * do the rates differ anywhere? Arms without entries are left out; df = arms - 1.
 */
export function pearsonIndependence(arms: readonly Proportion[]): ChiSquareTest {
  const used = arms.filter((arm) => arm.entered > 0);
  if (used.length < 2) return NOTHING;
  const entered = used.reduce((sum, arm) => sum + arm.entered, 0);
  const converted = used.reduce((sum, arm) => sum + arm.converted, 0);
  const rate = converted / entered;
  if (rate === 0 || rate === 1) return { chiSquare: 0, df: used.length - 1, pValue: 1 };
  let chiSquare = 0;
  for (const arm of used) {
    const expectedYes = arm.entered * rate;
    const expectedNo = arm.entered * (1 - rate);
    chiSquare += (arm.converted - expectedYes) ** 2 / expectedYes;
    chiSquare += (arm.entered - arm.converted - expectedNo) ** 2 / expectedNo;
  }
  const df = used.length - 1;
  return { chiSquare, df, pValue: chiSquareSurvival(chiSquare, df) };
}

/**
 * Pearson's goodness-of-fit test of observed counts against expected shares (weights of any
 * scale): the sample-ratio-mismatch check. Cells with weight 0 are left out; df = cells - 1.
 */
export function goodnessOfFit(observed: readonly number[], weights: readonly number[]): ChiSquareTest {
  const cells = observed.map((count, i) => ({ count, weight: weights[i] ?? 0 })).filter((c) => c.weight > 0);
  const total = cells.reduce((sum, c) => sum + c.count, 0);
  const weightTotal = cells.reduce((sum, c) => sum + c.weight, 0);
  if (cells.length < 2 || total === 0) return NOTHING;
  let chiSquare = 0;
  for (const cell of cells) {
    const expected = (total * cell.weight) / weightTotal;
    chiSquare += (cell.count - expected) ** 2 / expected;
  }
  const df = cells.length - 1;
  return { chiSquare, df, pValue: chiSquareSurvival(chiSquare, df) };
}
