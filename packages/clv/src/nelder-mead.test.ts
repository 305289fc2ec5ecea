import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';
import { hyp2f1, logAddExp } from './special.js';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const rosenbrock = ([x, y]: number[]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });

  it('finds a shifted quadratic bowl in four dimensions and treats NaN as a wall', () => {
    const centre = [3, -2, 0.5, 10];
    const bowl = (x: number[]) =>
      x[0]! < -5 ? Number.NaN : x.reduce((s, v, i) => s + (i + 1) * (v - centre[i]!) ** 2, 0);
    const result = nelderMead(bowl, [0, 0, 0, 0]);
    for (const [i, v] of result.x.entries()) expect(v).toBeCloseTo(centre[i]!, 4);
  });

  it('stops at the evaluation budget and says it did not converge', () => {
    const result = nelderMead(([x]) => (x! - 1) ** 2, [100], { maxEvaluations: 5 });
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBeLessThanOrEqual(8);
  });
});

describe('special functions', () => {
  it('hyp2f1 matches closed forms', () => {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z and 2F1(a, b; b; z) = (1 - z)^-a.
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
    expect(hyp2f1(2.5, 3, 3, 0.3)).toBeCloseTo(0.7 ** -2.5, 12);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });

  it('logAddExp neither overflows nor loses -Infinity', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logAddExp(Number.NEGATIVE_INFINITY, -3)).toBe(-3);
  });
});
