/** Options of {@link nelderMead}; the defaults suit a handful of well-scaled parameters. */
export interface NelderMeadOptions {
  /** Largest number of objective evaluations before giving up. */
  maxEvaluations?: number;
  /** Stop when the simplex's objective values lie within this of each other… */
  fTolerance?: number;
  /** …and its vertices within this of the best one, in every coordinate. */
  xTolerance?: number;
  /** Size of the first simplex's steps from the start point. */
  initialStep?: number;
}

export interface Minimum {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises `f` with the Nelder-Mead simplex method (Lagarias et al. 1998 coefficients:
 * reflection 1, expansion 2, contraction 1/2, shrink 1/2), restarting once from the best point so
 * a collapsed simplex cannot stop it early. Non-finite values count as +Infinity, so an objective
 * may refuse a point by returning NaN.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  options: NelderMeadOptions = {},
): Minimum {
  const maxEvaluations = options.maxEvaluations ?? 4000 * start.length;
  let evaluations = 0;
  const value = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let best = { x: start.slice(), value: value(start) };
  let converged = false;
  for (let round = 0; round < 2; round++) {
    const result = simplexSearch(value, best.x, options, () => evaluations < maxEvaluations);
    converged = result.converged;
    if (result.value <= best.value) best = { x: result.x, value: result.value };
  }
  return { x: best.x, value: best.value, evaluations, converged };
}

function simplexSearch(
  f: (x: number[]) => number,
  start: number[],
  options: NelderMeadOptions,
  budgetLeft: () => boolean,
): { x: number[]; value: number; converged: boolean } {
  const n = start.length;
  const step = options.initialStep ?? 0.5;
  const fTolerance = options.fTolerance ?? 1e-10;
  const xTolerance = options.xTolerance ?? 1e-8;
  const points: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = p[i]! + (p[i] === 0 ? step : step * Math.max(1, Math.abs(p[i]!)));
    points.push(p);
  }
  let values = points.map(f);
  const order = () => {
    const idx = points.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const sortedPoints = idx.map((i) => points[i]!);
    const sortedValues = idx.map((i) => values[i]!);
    points.splice(0, points.length, ...sortedPoints);
    values = sortedValues;
  };
  const along = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * (to[i]! - v));
  while (budgetLeft()) {
    order();
    const spreadF = Math.abs(values[n]! - values[0]!);
    const spreadX = Math.max(
      ...points.slice(1).map((p) => Math.max(...p.map((v, i) => Math.abs(v - points[0]![i]!)))),
    );
    if (
      spreadF <= fTolerance * (1 + Math.abs(values[0]!)) &&
      spreadX <= xTolerance * (1 + maxAbs(points[0]!))
    ) {
      return { x: points[0]!, value: values[0]!, converged: true };
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += points[i]![j]! / n;
    const worst = points[n]!;
    const reflected = along(centroid, worst, -1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = along(centroid, worst, -2);
      const fe = f(expanded);
      if (fe < fr) replaceWorst(expanded, fe);
      else replaceWorst(reflected, fr);
    } else if (fr < values[n - 1]!) {
      replaceWorst(reflected, fr);
    } else {
      const outside = fr < values[n]!;
      const contracted = along(centroid, outside ? reflected : worst, 0.5);
      const fc = f(contracted);
      if (fc < (outside ? fr : values[n]!)) replaceWorst(contracted, fc);
      else {
        for (let i = 1; i <= n; i++) {
          points[i] = along(points[0]!, points[i]!, 0.5);
          values[i] = f(points[i]!);
        }
      }
    }
  }
  order();
  return { x: points[0]!, value: values[0]!, converged: false };

  function replaceWorst(p: number[], v: number) {
    points[n] = p;
    values[n] = v;
  }
}

function maxAbs(x: number[]): number {
  return Math.max(...x.map(Math.abs));
}
