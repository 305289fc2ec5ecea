import { z } from 'zod';

/** Units a marketer picks for delays and offsets. */
export const TIME_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

const UNIT_SECONDS: Record<TimeUnit, number> = { minutes: 60, hours: 3_600, days: 86_400, weeks: 604_800 };

/** Message for a missing or malformed group of fields, e.g. a duration left out entirely. */
const groupError = (example: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `is required, e.g. ${example}` : `must be an object such as ${example}`;

const UnitSchema = z
  .enum(TIME_UNITS, { error: 'must be "minutes", "hours", "days" or "weeks"' })
  .meta({ title: 'Unit' });

/** A delay such as "3 days"; always at least one unit long. */
export const DurationSchema = z
  .object(
    {
      amount: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(1_000, 'must be at most 1000')
        .meta({ title: 'Amount', description: 'How many units, e.g. 3 for "3 days".' }),
      unit: UnitSchema,
    },
    { error: groupError('{ "amount": 3, "unit": "days" }') },
  )
  .meta({ title: 'Duration' });
export type Duration = z.infer<typeof DurationSchema>;

/** A distance from a date, e.g. "30 days before"; an amount of 0 means on the date itself. */
export const OffsetSchema = z
  .object(
    {
      amount: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(0, 'must be 0 or more')
        .max(1_000, 'must be at most 1000')
        .meta({ title: 'Amount', description: 'How far from the date; 0 means on the date itself.' }),
      unit: UnitSchema,
      direction: z
        .enum(['before', 'after'], { error: 'must be "before" or "after"' })
        .meta({ title: 'Before or after' }),
    },
    { error: groupError('{ "amount": 30, "unit": "days", "direction": "before" }') },
  )
  .meta({ title: 'Offset from the date' });
export type Offset = z.infer<typeof OffsetSchema>;

/** A wall-clock time, read in the customer's time zone unless a node says otherwise. */
export const TimeOfDaySchema = z
  .object(
    {
      hour: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(0, 'must be between 0 and 23')
        .max(23, 'must be between 0 and 23')
        .meta({ title: 'Hour (0-23)' }),
      minute: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(0, 'must be between 0 and 59')
        .max(59, 'must be between 0 and 59')
        .meta({ title: 'Minute' }),
    },
    { error: groupError('{ "hour": 9, "minute": 0 }') },
  )
  .meta({ title: 'Time of day' });
export type TimeOfDay = z.infer<typeof TimeOfDaySchema>;

/** Length of a duration in seconds. */
export function durationSeconds(duration: Duration): number {
  return duration.amount * UNIT_SECONDS[duration.unit];
}

/** Signed seconds from the date: negative before it, positive after it. */
export function offsetSeconds(offset: Offset): number {
  const seconds = offset.amount * UNIT_SECONDS[offset.unit];
  return offset.direction === 'before' ? -seconds : seconds;
}

/** "1 day", "3 days". */
export function formatDuration(duration: Duration): string {
  const unit = duration.amount === 1 ? duration.unit.slice(0, -1) : duration.unit;
  return `${duration.amount} ${unit}`;
}

/** "30 days before renewal_date", or "on renewal_date" for a zero offset. */
export function formatOffset(offset: Offset, field: string): string {
  if (offset.amount === 0) return `on ${field}`;
  return `${formatDuration(offset)} ${offset.direction} ${field}`;
}

/** "09:00". */
export function formatTime(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}
