import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { formatOffset, formatTime, OffsetSchema, offsetSeconds, TimeOfDaySchema } from '../shared/time';
import { TraitNameSchema } from '../shared/traits';

/** Config of the date trigger: a date trait, how far before or after it, and at what local time. */
export const DateTriggerConfigSchema = z.object({
  field: TraitNameSchema.meta({
    title: 'Date trait',
    description: 'A date on the customer\'s profile, e.g. "renewal_date" or "birthday".',
  }),
  offset: OffsetSchema,
  at: TimeOfDaySchema.meta({ title: 'At', description: "Local time in the customer's time zone." }),
});

/** Starts a run relative to a date on the profile, e.g. 30 days before `renewal_date` at 09:00. */
export const dateTrigger = defineNodeType({
  type: 'date-trigger',
  version: 1,
  title: 'Date approaches',
  description:
    "Starts the journey a set time before or after a date on the customer's profile, at a local time of day.",
  category: 'trigger',
  icon: 'calendar',
  configSchema: DateTriggerConfigSchema,
  defaults: {
    field: 'renewal_date',
    offset: { amount: 30, unit: 'days', direction: 'before' },
    at: { hour: 9, minute: 0 },
  },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    trigger: {
      kind: 'date',
      field: config.field,
      offsetSeconds: offsetSeconds(config.offset),
      hour: config.at.hour,
      minute: config.at.minute,
    },
    exits: [{ on: 'always', port: 'out' }],
  }),
  validate: (config) =>
    config.offset.unit === 'minutes' || config.offset.unit === 'hours'
      ? [
          {
            path: 'offset.unit',
            severity: 'warning',
            message: `The journey starts at ${formatTime(config.at)} on the day, so an offset in ${config.offset.unit} only moves the day; use days or weeks.`,
          },
        ]
      : [],
  summary: (config) => `${capitalize(formatOffset(config.offset, config.field))} at ${formatTime(config.at)}`,
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
