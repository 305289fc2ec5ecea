/** What `pnpm simulate` was asked to do. */
export interface SimulateArgs {
  journeyPath: string;
  customers: number;
  eventsPath: string | null;
  days: number;
  start: number;
}

export const USAGE = `Usage: pnpm simulate <journey.json> [--customers N] [--events <events.jsonl>] [--days D] [--start <ISO date>]

Runs a journey for N test customers (c1..cN) on a virtual clock and prints, per step, how many
customers entered, are waiting, completed, converted or exited.

  --customers N    how many test customers (default 10)
  --events FILE    one JSON object per line: {"customerId"?, "name", "properties"?, "afterSeconds"?}
                   without customerId the event is sent by every customer; "afterSeconds" is
                   when, from the start; the name "identify" sets the properties as profile traits.
                   Without --events every customer enters at the first trigger, as if added by hand.
  --days D         how long to run the clock (default 30)
  --start DATE     where the clock starts (default 2025-01-06T09:00:00Z, a Monday)`;

const DEFAULT_START = Date.UTC(2025, 0, 6, 9, 0);

/** Parses the command line; a problem comes back as a sentence naming the option and the fix. */
export function parseArgs(
  argv: readonly string[],
): { ok: true; args: SimulateArgs } | { ok: false; error: string } {
  const args: SimulateArgs = {
    journeyPath: '',
    customers: 10,
    eventsPath: null,
    days: 30,
    start: DEFAULT_START,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    if (!flag.startsWith('--')) {
      positional.push(flag);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `${flag} needs a value.` };
    i++;
    switch (flag) {
      case '--customers': {
        const count = Number(value);
        if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
          return {
            ok: false,
            error: `--customers must be a whole number from 1 to 1,000,000, not "${value}".`,
          };
        }
        args.customers = count;
        break;
      }
      case '--events':
        args.eventsPath = value;
        break;
      case '--days': {
        const days = Number(value);
        if (!Number.isFinite(days) || days < 0 || days > 3_650) {
          return { ok: false, error: `--days must be a number of days from 0 to 3650, not "${value}".` };
        }
        args.days = days;
        break;
      }
      case '--start': {
        const start = Date.parse(value);
        if (Number.isNaN(start))
          return { ok: false, error: `--start must be a date such as 2025-01-06T09:00:00Z, not "${value}".` };
        args.start = start;
        break;
      }
      default:
        return { ok: false, error: `Unknown option ${flag}.` };
    }
  }
  if (positional.length !== 1) {
    return {
      ok: false,
      error:
        positional.length === 0
          ? 'Name the journey file to simulate.'
          : `Expected one journey file, got ${positional.length}.`,
    };
  }
  args.journeyPath = positional[0] as string;
  return { ok: true, args };
}
