import { isValidTimeZone } from '@stagecraft/graph';
import { type ConfigProblem, defineNodeType, type TimerSpec } from '@stagecraft/sdk';
import { z } from 'zod';
import {
  DurationSchema,
  durationSeconds,
  formatDuration,
  formatOffset,
  formatTime,
  OffsetSchema,
  offsetSeconds,
  TimeOfDaySchema,
} from '../shared/time';
import { TraitNameSchema } from '../shared/traits';

const hourMinute = TimeOfDaySchema.shape;
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const DurationWaitSchema = z
  .object({
    mode: z.literal('duration').meta({ title: 'How to wait' }),
    duration: DurationSchema.meta({ title: 'Wait for' }),
  })
  .meta({ title: 'For a while', description: 'Hold the customer for a fixed time, e.g. 3 days.' });

const TimeOfDayWaitSchema = z
  .object({
    mode: z.literal('time-of-day').meta({ title: 'How to wait' }),
    hour: hourMinute.hour,
    minute: hourMinute.minute,
    weekdays: z
      .array(z.number().int().min(0, 'days run from 0 (Sunday)').max(6, 'days run up to 6 (Saturday)'))
      .min(1, 'pick at least one day of the week')
      .max(7, 'there are only 7 days in a week')
      .default([0, 1, 2, 3, 4, 5, 6])
      .meta({ title: 'On these days', description: '0 is Sunday, 1 Monday … 6 Saturday.' }),
    timeZone: z
      .string()
      .min(1, 'must be a time zone name such as "Europe/Berlin", or empty')
      .nullable()
      .default(null)
      .meta({
        title: 'Time zone',
        description: "Leave empty to use each customer's own time zone (recommended).",
      }),
  })
  .meta({
    title: 'Until a time of day',
    description: 'Hold the customer until the next allowed day at a local time, e.g. weekdays at 09:00.',
  });

const ProfileDateWaitSchema = z
  .object({
    mode: z.literal('profile-date').meta({ title: 'How to wait' }),
    field: TraitNameSchema.meta({
      title: 'Date trait',
      description: 'A date on the profile, e.g. "renewal_date".',
    }),
    offset: OffsetSchema,
    at: TimeOfDaySchema.optional().meta({
      title: 'At',
      description: 'Local time on that day; leave empty to use the exact time of the date.',
    }),
  })
  .meta({
    title: 'Until a date in the profile',
    description:
      'Hold the customer until a profile date, plus or minus an offset, e.g. 7 days before renewal.',
  });

/** Config of the wait node: one of three ways to decide when the customer moves on. */
export const WaitConfigSchema = z.discriminatedUnion('mode', [
  DurationWaitSchema,
  TimeOfDayWaitSchema,
  ProfileDateWaitSchema,
]);
export type WaitConfig = z.output<typeof WaitConfigSchema>;

/** Holds the customer on a durable timer: for a duration, until a local time, or until a profile date. */
export const wait = defineNodeType({
  type: 'wait',
  version: 1,
  title: 'Wait',
  description: 'Pauses the journey for a while, until a time of day, or until a date on the profile.',
  category: 'flow',
  icon: 'clock',
  configSchema: WaitConfigSchema,
  defaults: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({ exits: [{ on: 'timer', port: 'out', timer: timerOf(config) }] }),
  validate: (config) => (config.mode === 'time-of-day' ? timeOfDayProblems(config) : []),
  summary: (config) => `Wait ${describe(config)}`,
});

function timerOf(config: WaitConfig): TimerSpec {
  switch (config.mode) {
    case 'duration':
      return { kind: 'duration', seconds: durationSeconds(config.duration) };
    case 'time-of-day': {
      const weekdays = [...new Set(config.weekdays)].sort((a, b) => a - b);
      const timer: TimerSpec = { kind: 'time-of-day', hour: config.hour, minute: config.minute, weekdays };
      return config.timeZone === null ? timer : { ...timer, timeZone: config.timeZone };
    }
    case 'profile-date': {
      const timer: TimerSpec = {
        kind: 'profile-date',
        field: config.field,
        offsetSeconds: offsetSeconds(config.offset),
      };
      return config.at ? { ...timer, hour: config.at.hour, minute: config.at.minute } : timer;
    }
  }
}

function timeOfDayProblems(config: Extract<WaitConfig, { mode: 'time-of-day' }>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.timeZone !== null && !isValidTimeZone(config.timeZone)) {
    problems.push({
      path: 'timeZone',
      message: `"${config.timeZone}" is not a time zone; use an IANA name such as "Europe/Berlin", or leave it empty for the customer's own zone.`,
    });
  }
  if (new Set(config.weekdays).size !== config.weekdays.length) {
    problems.push({ path: 'weekdays', severity: 'warning', message: 'A day of the week is listed twice.' });
  }
  return problems;
}

function describe(config: WaitConfig): string {
  switch (config.mode) {
    case 'duration':
      return formatDuration(config.duration);
    case 'time-of-day': {
      const zone = config.timeZone ? ` (${config.timeZone})` : '';
      return `until ${formatTime(config)} ${describeWeekdays(config.weekdays)}${zone}`;
    }
    case 'profile-date': {
      const at = config.at ? ` at ${formatTime(config.at)}` : '';
      return `until ${formatOffset(config.offset, config.field)}${at}`;
    }
  }
}

/** "every day", "on weekdays", "on Mon, Wed". */
function describeWeekdays(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  if (days.length === 7) return 'every day';
  if (days.join() === '1,2,3,4,5') return 'on weekdays';
  if (days.join() === '0,6') return 'on weekends';
  return `on ${days.map((day) => WEEKDAY_NAMES[day]).join(', ')}`;
}
