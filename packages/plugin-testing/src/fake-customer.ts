/** One event in the fake customer's history, for `countEvents`. */
export interface PastEvent {
  name: string;
  /** When it happened (ISO text, epoch ms or a Date); the test's `now` when absent. */
  at?: string | number | Date;
}

/** The customer a test runs a step for. */
export interface FakeCustomer {
  id?: string;
  traits?: Record<string, unknown>;
  /** IANA zone of the customer, for steps that read it. */
  timeZone?: string;
  /** Events the customer sent before, counted by `countEvents`. */
  events?: readonly PastEvent[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The `countEvents` a step gets: events with this name, optionally within the last N days before `now`. */
export function eventCounter(
  events: readonly PastEvent[],
  now: Date,
): (name: string, options?: { withinDays?: number }) => Promise<number> {
  const times = events.map((event) => ({ name: event.name, at: timeOf(event.at, now) }));
  return async (name, options) => {
    const since =
      options?.withinDays === undefined
        ? Number.NEGATIVE_INFINITY
        : now.getTime() - options.withinDays * DAY_MS;
    return times.filter((event) => event.name === name && event.at >= since && event.at <= now.getTime())
      .length;
  };
}

function timeOf(at: PastEvent['at'], now: Date): number {
  if (at === undefined) return now.getTime();
  const time = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(time))
    throw new Error(
      `The past event time "${String(at)}" is not a date; use ISO text such as 2025-01-06T10:00:00Z.`,
    );
  return time;
}
