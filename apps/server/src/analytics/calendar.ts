/** The calendar day (`YYYY-MM-DD`) that instant `ms` falls on in time zone `timeZone`. */
export function localDay(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(ms));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A `YYYY-MM-DD` query value that names a real day. */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * The ids of the workspace (parameter `$1`) customers on a test clock, for `customer_id not in …`:
 * every figure leaves them out. Small, and read through the partial index of test-clock customers.
 */
export const TEST_CLOCK_CUSTOMERS =
  '(select tc.customer_id from customers tc where tc.workspace_id = $1 and tc.test_clock_id is not null)';
