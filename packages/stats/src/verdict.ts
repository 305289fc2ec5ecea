import type { ExperimentResult } from './experiment';

type Facts = Omit<ExperimentResult, 'verdict'>;

const points = (value: number) => (Math.abs(value) * 100).toFixed(1);
const signed = (value: number) => {
  const text = (value * 100).toFixed(1);
  return text === '-0.0' ? '0.0' : text;
};
const interval = ([low, high]: [number, number]) => `${signed(low)} to ${signed(high)}`;

/**
 * One sentence a growth team can act on. Until the planned sample is reached a winner needs
 * the always-valid sequential test, which stays honest however often anyone looks; from then
 * on the fixed-horizon test, Holm-adjusted across comparisons. A sample-ratio mismatch comes
 * first: no other number can be trusted while it stands.
 */
export function verdictOf(facts: Facts, alpha: number): string {
  const level = `${Math.round((1 - alpha) * 100)}%`;
  const label = (id: string) =>
    id === 'all' ? 'The journey' : (facts.arms.find((arm) => arm.id === id)?.label ?? id);
  const entered = facts.arms.reduce((sum, arm) => sum + arm.entered, 0);
  if (entered === 0) return 'Nobody has entered the split yet.';
  if (facts.srm.flagged) {
    return `Entries do not match the weights (sample ratio mismatch, p = ${facts.srm.pValue.toExponential(1)}): find out why before trusting any result.`;
  }
  const arms = facts.comparisons.filter((c) => c.against === facts.control);
  const candidates = arms.length > 0 ? arms : facts.comparisons;
  if (candidates.length === 0) return 'Only one arm and no holdout: there is nothing to compare.';
  const { reached } = facts.sampleSize;
  const significant = (c: (typeof candidates)[number]) =>
    reached ? c.pValueAdjusted < alpha : c.sequential.pValue < alpha;
  const shownCi = (c: (typeof candidates)[number]) =>
    reached || !significant(c) ? c.liftCi : c.sequential.liftCi;
  const winners = candidates.filter((c) => significant(c) && c.lift > 0).sort((a, b) => b.lift - a.lift);
  const losers = candidates.filter((c) => significant(c) && c.lift < 0);
  const leader = [...candidates].sort((a, b) => b.lift - a.lift)[0]!;
  const describe = (c: (typeof candidates)[number]) =>
    `${label(c.arm)} converts ${points(c.lift)} points ${c.lift >= 0 ? 'better' : 'worse'} than ${label(c.against)} (${level} interval ${interval(shownCi(c))})`;
  if (winners.length > 0) {
    const winner = winners[0]!;
    const early = reached ? '' : ', confirmed by the always-valid test before the planned sample';
    return `${describe(winner)}${early}: ${label(winner.arm)} wins.`;
  }
  if (losers.length === candidates.length) {
    return `${describe(losers.sort((a, b) => a.lift - b.lift)[0]!)}: ${label(facts.control)} wins.`;
  }
  if (!reached) {
    return `${describe(leader)}, but the planned sample is not reached: keep it running.`;
  }
  return `${describe(leader)}: no difference is clear at the planned sample; keep ${label(facts.control)} or decide on other grounds.`;
}
