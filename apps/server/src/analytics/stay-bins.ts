/**
 * Stays are counted by duration in bins (`stage_stay_bin` in migration 0027, the only place a
 * duration is binned): bin b holds durations of s seconds with 32·log2(1 + s/60) in [b, b + 1),
 * so a bin spans 2.2% of (its durations + 1 minute). These functions read bins back.
 */
const PER_DOUBLING = 32;

/** The shortest duration, in seconds, that falls in `bin`. */
export function binStart(bin: number): number {
  return 60 * (2 ** (bin / PER_DOUBLING) - 1);
}

/**
 * The median duration in hours of stays counted per bin (`bin` → stays): the middle stay, or
 * the mean of the two middle stays, each placed inside its bin by rank. Each lies in the same bin
 * as the stay it stands for, so the result is within 2.2% of (the exact median + 1 minute).
 * Null when there are no stays.
 */
export function medianHours(bins: ReadonlyMap<number, number>): number | null {
  const sorted = [...bins.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  /** The duration of the stay of 1-based rank `rank`, by its place among the stays of its bin. */
  const atRank = (rank: number) => {
    let below = 0;
    for (const [bin, n] of sorted) {
      if (below + n >= rank) {
        const start = binStart(bin);
        return start + ((binStart(bin + 1) - start) * (rank - below - 0.5)) / n;
      }
      below += n;
    }
    return binStart((sorted.at(-1)?.[0] ?? 0) + 1);
  };
  const seconds = total % 2 === 1 ? atRank((total + 1) / 2) : (atRank(total / 2) + atRank(total / 2 + 1)) / 2;
  return seconds / 3600;
}
