import { z } from 'zod';

const Clock = z
  .string({ error: 'must be a time such as "21:00"' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "21:00"');

/** No marketing message on the channel between `start` and `end`, in the customer's time zone. */
const QuietHours = z
  .object({ start: Clock, end: Clock })
  .refine((w) => w.start !== w.end, 'start and end must differ')
  .nullable()
  .default(null);

/** At most `max` marketing messages per `days` (rolling) or per `calendarDays` in the customer's zone. */
const Cap = z.union(
  [
    z.object({ max: z.number().int().min(1).max(1_000), days: z.number().int().min(1).max(90) }).strict(),
    z
      .object({ max: z.number().int().min(1).max(1_000), calendarDays: z.number().int().min(1).max(31) })
      .strict(),
  ],
  { error: 'must be { "max": 3, "days": 7 } (rolling) or { "max": 1, "calendarDays": 1 }' },
);
const Caps = z.array(Cap).max(5, 'at most 5 caps per channel').default([]);
/** Messages per second handed to the channel's provider, across every server process; null is no limit. */
const Rate = z.number().int().min(1).max(100_000).nullable().default(null);

export const GuardrailsSchema = z
  .object({
    quietHours: z.object({ email: QuietHours, sms: QuietHours, push: QuietHours }).prefault({}),
    frequencyCaps: z.object({ email: Caps, sms: Caps, push: Caps }).prefault({}),
    sendRates: z.object({ email: Rate, sms: Rate, push: Rate }).prefault({}),
  })
  .strict();

export type Guardrails = z.output<typeof GuardrailsSchema>;
export type FrequencyCap = z.output<typeof Cap>;
export type QuietWindow = NonNullable<z.output<typeof QuietHours>>;

/** A workspace that set nothing: no quiet hours, no caps, no send-rate limit. */
export const NO_GUARDRAILS: Guardrails = GuardrailsSchema.parse({});
