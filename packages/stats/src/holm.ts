/**
 * Holm-Bonferroni adjusted p-values (Holm 1979), in the order given: the i-th smallest of m is
 * multiplied by (m - i + 1), made non-decreasing, and capped at 1. Controls the family-wise
 * error rate under any dependence between the tests.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
