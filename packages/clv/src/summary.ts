/** One purchase as recorded: the customer, its calendar day (`YYYY-MM-DD`) and its amount. */
export interface Purchase {
  customerId: string;
  day: string;
  amount: number;
}

export type TimeUnit = 'days' | 'weeks';

/**
 * What the models read of one customer (the literature's x, t_x and T, plus mean spend):
 * - `frequency`: purchase days after the first one (the first purchase is not a repeat),
 * - `recency`: time from the first purchase day to the last,
 * - `T`: time from the first purchase day to the end of observation,
 * - `monetary`: mean daily total over the repeat purchase days (0 without repeats).
 * Times are in `timeUnit`.
 */
export interface CustomerSummary {
  customerId: string;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` calendar day; throws on anything else. */
export function dayNumber(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`"${day}" is not a YYYY-MM-DD day`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Math.round(ms / DAY_MS);
}

export function unitDays(unit: TimeUnit): number {
  return unit === 'weeks' ? 7 : 1;
}

/**
 * Summaries of every customer with a purchase on or before `observationEnd` (that day included).
 * Purchases of one customer on one calendar day are one purchase with the amounts summed.
 */
export function summarize(
  purchases: Iterable<Purchase>,
  observationEnd: string,
  timeUnit: TimeUnit,
): CustomerSummary[] {
  const end = dayNumber(observationEnd);
  const perCustomer = new Map<string, Map<number, number>>();
  for (const p of purchases) {
    const day = dayNumber(p.day);
    if (day > end) continue;
    let days = perCustomer.get(p.customerId);
    if (!days) {
      days = new Map();
      perCustomer.set(p.customerId, days);
    }
    days.set(day, (days.get(day) ?? 0) + p.amount);
  }
  const unit = unitDays(timeUnit);
  const out: CustomerSummary[] = [];
  for (const [customerId, days] of perCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    let repeatTotal = 0;
    for (const d of sorted.slice(1)) repeatTotal += days.get(d)!;
    const frequency = sorted.length - 1;
    out.push({
      customerId,
      frequency,
      recency: (last - first) / unit,
      T: (end - first) / unit,
      monetary: frequency > 0 ? repeatTotal / frequency : 0,
    });
  }
  return out;
}
