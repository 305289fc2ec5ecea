/** A rate as a percentage with one decimal: 0.2046 -> "20.5%". */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** A difference of rates in points with its sign: 0.021 -> "+2.1 pts". */
export function points(lift: number): string {
  const value = (lift * 100).toFixed(1);
  return `${lift > 0 ? '+' : ''}${value === '-0.0' ? '0.0' : value} pts`;
}

/** A p-value as people read them: "< 0.001" or three decimals. */
export function pValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** An interval of rates in points: "[0.7, 3.5] pts". */
export function interval([low, high]: readonly [number, number]): string {
  return `[${(low * 100).toFixed(1)}, ${(high * 100).toFixed(1)}] pts`;
}
