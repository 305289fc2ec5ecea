import { describe, expect, it } from 'vitest';
import { goodnessOfFit, pearsonIndependence } from './chi-square';
import { chiSquareSurvival } from './gamma';
import { holmAdjust } from './holm';
import { normalCdf, normalQuantile, twoSidedP } from './normal';
import { probabilityBest } from './probability-best';
import { twoProportionTest, wilsonInterval } from './proportions';
import { plannedSamplePerArm, sequentialTest } from './sequential';

// Expected values were computed independently with SciPy 1.17 (stats.norm, stats.chi2,
// chi2_contingency without correction, chisquare, and numerical integration of Beta
// posteriors) and by hand from the textbook formulas; see docs/experiments.md.

describe('normal distribution', () => {
  it('matches tabulated quantiles and tails', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(twoSidedP(1)).toBeCloseTo(0.31731050786291415, 14);
    expect(twoSidedP(3)).toBeCloseTo(0.0026997960632601913, 15);
    expect(twoSidedP(5) / 5.733031437583892e-7).toBeCloseTo(1, 12);
    expect(twoSidedP(8) / 1.2441921148543639e-15).toBeCloseTo(1, 10);
  });
});

describe('chi-square tail', () => {
  it('gives the table critical values', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 13);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 13);
    expect(chiSquareSurvival(13.815510557964274, 2)).toBeCloseTo(0.001, 14);
    // df = 2 has the closed form exp(-x/2); odd and large df come from the series by hand.
    expect(chiSquareSurvival(6.3, 2)).toBeCloseTo(Math.exp(-3.15), 14);
    expect(chiSquareSurvival(10, 5)).toBeCloseTo(0.07523524614651214, 13);
    expect(chiSquareSurvival(100, 80)).toBeCloseTo(0.06457036892113296, 12);
  });
});

describe('Wilson interval', () => {
  it('matches the textbook interval, also at 0% and 100%', () => {
    const [low, high] = wilsonInterval({ entered: 1520, converted: 311 });
    expect(low).toBeCloseTo(0.18508144124259296, 12);
    expect(high).toBeCloseTo(0.22561840892753876, 12);
    expect(wilsonInterval({ entered: 20, converted: 4 })[0]).toBeCloseTo(0.08065766257979809, 12);
    expect(wilsonInterval({ entered: 20, converted: 4 })[1]).toBeCloseTo(0.4160174322518936, 12);
    const none = wilsonInterval({ entered: 10, converted: 0 });
    expect(none[0]).toBe(0);
    expect(none[1]).toBeCloseTo(0.2775327998628892, 12);
    const all = wilsonInterval({ entered: 10, converted: 10 });
    expect(all[0]).toBeCloseTo(0.7224672001371107, 12);
    expect(all[1]).toBe(1);
  });

  it('says nothing is known about an arm nobody entered', () => {
    expect(wilsonInterval({ entered: 0, converted: 0 })).toEqual([0, 1]);
  });
});

describe('two-proportion z-test', () => {
  it('matches the pooled z and equals the 2x2 chi-square', () => {
    const test = twoProportionTest({ entered: 1480, converted: 350 }, { entered: 1520, converted: 311 });
    expect(test.difference).toBeCloseTo(0.03188122332859175, 14);
    expect(test.z).toBeCloseTo(2.106359112702147, 12);
    expect(test.pValue).toBeCloseTo(0.035173170106626475, 12);
    expect(test.differenceCi[0]).toBeCloseTo(0.0022172155951003802, 12);
    expect(test.differenceCi[1]).toBeCloseTo(0.06154523106208312, 12);
    const chi = pearsonIndependence([
      { entered: 1520, converted: 311 },
      { entered: 1480, converted: 350 },
    ]);
    expect(chi.chiSquare).toBeCloseTo(test.z ** 2, 10);
    expect(chi.pValue).toBeCloseTo(test.pValue, 12);
  });

  it('finds nothing to test with no conversions, all conversions, or an empty arm', () => {
    const none = twoProportionTest({ entered: 100, converted: 0 }, { entered: 100, converted: 0 });
    expect(none).toMatchObject({ difference: 0, z: 0, pValue: 1 });
    const all = twoProportionTest({ entered: 50, converted: 50 }, { entered: 80, converted: 80 });
    expect(all).toMatchObject({ difference: 0, z: 0, pValue: 1 });
    const empty = twoProportionTest({ entered: 0, converted: 0 }, { entered: 80, converted: 8 });
    expect(empty.pValue).toBe(1);
    expect(empty.differenceCi).toEqual([-1, 1]);
  });
});

describe('chi-square tests', () => {
  it('tests independence over three arms', () => {
    const chi = pearsonIndependence([
      { entered: 1520, converted: 311 },
      { entered: 1480, converted: 350 },
      { entered: 1500, converted: 280 },
    ]);
    expect(chi.chiSquare).toBeCloseTo(11.461944236686799, 10);
    expect(chi.df).toBe(2);
    expect(chi.pValue).toBeCloseTo(0.003243922224039159, 12);
  });

  it('skips arms without entries and answers nothing for one arm', () => {
    expect(pearsonIndependence([{ entered: 10, converted: 3 }])).toEqual({ chiSquare: 0, df: 0, pValue: 1 });
    const withEmpty = pearsonIndependence([
      { entered: 1520, converted: 311 },
      { entered: 0, converted: 0 },
      { entered: 1480, converted: 350 },
    ]);
    expect(withEmpty.df).toBe(1);
    expect(withEmpty.chiSquare).toBeCloseTo(4.436748711663391, 10);
  });

  it('checks the sample ratio against weights of any scale', () => {
    const fit = goodnessOfFit([1520, 1480, 330], [45, 45, 10]);
    expect(fit.chiSquare).toBeCloseTo(0.5638972305638972, 12);
    expect(fit.pValue).toBeCloseTo(0.7543124436695074, 12);
    expect(goodnessOfFit([520, 480], [1, 1]).pValue).toBeCloseTo(0.20590321073206466, 12);
    expect(goodnessOfFit([0, 0], [1, 1]).pValue).toBe(1);
  });
});

describe('Holm-Bonferroni', () => {
  it('multiplies by the rank, keeps the order monotone and caps at 1', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holmAdjust([0.6, 0.2])).toEqual([0.6, 0.4]);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
    expect(holmAdjust([0.9, 0.3])).toEqual([0.9, 0.6]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('probability best', () => {
  it('is exact for two arms', () => {
    const [a, b] = probabilityBest([
      { entered: 1520, converted: 311 },
      { entered: 1480, converted: 350 },
    ]);
    expect(b).toBeCloseTo(0.9823777025646683, 10);
    expect(a! + b!).toBeCloseTo(1, 12);
    expect(
      probabilityBest([
        { entered: 10, converted: 3 },
        { entered: 10, converted: 5 },
      ])[1],
    ).toBeCloseTo(0.8065015479876159, 12);
  });

  it('is within 0.01 for three arms, and the same every time', () => {
    const arms = [
      { entered: 1520, converted: 311 },
      { entered: 1480, converted: 350 },
      { entered: 1500, converted: 280 },
    ];
    const first = probabilityBest(arms);
    const expected = [0.01757752401634782, 0.9820967461826209, 0.0003257298599894728];
    for (const [i, p] of first.entries()) expect(Math.abs(p - expected[i]!)).toBeLessThan(0.01);
    expect(probabilityBest(arms)).toEqual(first);
  });

  it('handles one arm, empty arms and huge counts', () => {
    expect(probabilityBest([{ entered: 5, converted: 1 }])).toEqual([1]);
    const empty = probabilityBest([
      { entered: 0, converted: 0 },
      { entered: 0, converted: 0 },
    ]);
    expect(empty[0]).toBeCloseTo(0.5, 12);
    const huge = probabilityBest([
      { entered: 1_000_000, converted: 200_000 },
      { entered: 1_000_000, converted: 200_600 },
    ]);
    expect(huge[1]).toBeGreaterThan(0.8);
    expect(huge[1]).toBeLessThan(0.9);
  });
});

describe('sequential test', () => {
  const pa = 311 / 1520;
  const pb = 350 / 1480;
  const variance = (pa * (1 - pa)) / 1520 + (pb * (1 - pb)) / 1480;

  it('matches the asymptotic confidence sequence and the mSPRT p-value', () => {
    const result = sequentialTest(pb - pa, variance, 3000, 2 * 3841, 0.05);
    expect(result.differenceCi[0]).toBeCloseTo(-0.015476195000267381, 12);
    expect(result.differenceCi[1]).toBeCloseTo(0.07923864165745088, 12);
    expect(result.pValue).toBeCloseTo(0.3783379876642301, 12);
  });

  it('is wider than the fixed interval, and says nothing without variance', () => {
    const result = sequentialTest(pb - pa, variance, 3000, 3000, 0.05);
    expect(result.differenceCi[1] - result.differenceCi[0]).toBeGreaterThan(2 * 1.96 * Math.sqrt(variance));
    expect(sequentialTest(0, 0, 100, 100, 0.05)).toEqual({ pValue: 1, differenceCi: [-1, 1] });
    // Twenty customers against a plan of thousands: the sequence is wide, but never past ±1.
    expect(sequentialTest(-0.03, 0.04, 22, 29_502, 0.05).differenceCi).toEqual([-1, 1]);
  });
});

describe('planned sample size', () => {
  it('matches the Fleiss formula by hand (10% baseline, +20%, 80% power, 5%)', () => {
    expect(
      plannedSamplePerArm({ baseline: 0.1, minimumDetectableEffect: 0.2, power: 0.8, alpha: 0.05 }),
    ).toBe(3841);
  });

  it('refuses plans that cannot be met', () => {
    expect(plannedSamplePerArm({ baseline: 0, minimumDetectableEffect: 0.2, power: 0.8, alpha: 0.05 })).toBe(
      null,
    );
    expect(
      plannedSamplePerArm({ baseline: 0.9, minimumDetectableEffect: 0.2, power: 0.8, alpha: 0.05 }),
    ).toBe(null);
  });
});
