import { drawArm } from '@stagecraft/compiler';
import { seededRandom, sequentialTest, twoProportionTest } from '@stagecraft/stats';
import { describe, expect, it } from 'vitest';

/**
 * A/A experiments: both arms identical, customers assigned by the runtime's own hash, conversions
 * drawn from one rate. Whoever looks once at the end is wrong about 5% of the time; whoever
 * looks at the fixed-horizon p-value every day is wrong far more often; the sequential p-value
 * looked at every day stays at or below 5%.
 */
describe('A/A experiments looked at every day', () => {
  const EXPERIMENTS = 2000;
  const DAYS = 20;
  const PER_DAY = 100;
  const RATE = 0.1;
  const ALPHA = 0.05;
  // The plan the tuning follows: 1,000 customers per arm, what 20 days of 100 a day give.
  const plannedTotal = 2 * DAYS * (PER_DAY / 2);

  // About 2 s alone; the timeout leaves room for a machine busy with other suites.
  it('rejects about 5% once, far more when peeking, and at most 5% sequentially', { timeout: 30_000 }, () => {
    const random = seededRandom(20261207);
    let onceAtEnd = 0;
    let peekingFixed = 0;
    let peekingSequential = 0;
    for (let experiment = 0; experiment < EXPERIMENTS; experiment++) {
      const counts = [
        { entered: 0, converted: 0 },
        { entered: 0, converted: 0 },
      ];
      let fixedRejected = false;
      let sequentialRejected = false;
      for (let day = 0; day < DAYS; day++) {
        for (let i = 0; i < PER_DAY; i++) {
          const arm = drawArm(`c${experiment}-${day}-${i}`, `aa-${experiment}`, 'split', [50, 50]);
          counts[arm]!.entered++;
          if (random.next() < RATE) counts[arm]!.converted++;
        }
        const [a, b] = counts as [(typeof counts)[0], (typeof counts)[0]];
        const test = twoProportionTest(b, a);
        if (test.pValue < ALPHA) fixedRejected = true;
        const sequential = sequentialTest(
          test.difference,
          test.variance,
          a.entered + b.entered,
          plannedTotal,
          ALPHA,
        );
        if (sequential.pValue < ALPHA) sequentialRejected = true;
        if (day === DAYS - 1 && test.pValue < ALPHA) onceAtEnd++;
      }
      if (fixedRejected) peekingFixed++;
      if (sequentialRejected) peekingSequential++;
    }
    const rate = (count: number) => count / EXPERIMENTS;
    // 2,000 experiments: the once-at-the-end rate has a standard error of about 0.5 points.
    expect(rate(onceAtEnd)).toBeGreaterThan(0.035);
    expect(rate(onceAtEnd)).toBeLessThan(0.065);
    expect(rate(peekingFixed)).toBeGreaterThan(2.5 * rate(onceAtEnd));
    expect(rate(peekingSequential)).toBeLessThanOrEqual(ALPHA);
  });
});
