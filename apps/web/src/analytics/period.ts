import type { Interval } from '../api/types';

export const PRESETS = [
  { days: 7, label: 'Last 7 days', interval: 'day' },
  { days: 30, label: 'Last 30 days', interval: 'day' },
  { days: 90, label: 'Last 90 days', interval: 'week' },
  { days: 365, label: 'Last 12 months', interval: 'month' },
] as const satisfies readonly { days: number; label: string; interval: Interval }[];

/** `YYYY-MM-DD` of a local date. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The `days` days that end today. */
export function lastDays(days: number, today: Date): { from: string; to: string } {
  const from = new Date(today);
  from.setDate(from.getDate() - (days - 1));
  return { from: isoDay(from), to: isoDay(today) };
}

/** A metric value as text in its unit. */
export function formatMetric(value: number | null, unit: string, currency: string): string {
  if (value === null) return '—';
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  if (unit === 'currency') return value.toLocaleString(undefined, { style: 'currency', currency });
  return value.toFixed(1);
}
