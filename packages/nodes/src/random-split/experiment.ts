import { EventNameSchema } from '@stagecraft/graph';
import { z } from 'zod';
import { EventFiltersSchema } from '../shared/rules';

const percent = (title: string, fallback: number, description: string) =>
  z
    .number({ error: 'must be a number' })
    .gt(0, 'must be more than 0')
    .lt(100, 'must be less than 100')
    .default(fallback)
    .meta({ title, description });

/** What counts as a conversion for the split: the journey's goal, or an event with filters. */
export const ExperimentGoalSchema = z
  .object({
    source: z
      .enum(['journey', 'event'], { error: 'must be "journey" or "event"' })
      .default('journey')
      .meta({ title: 'Conversion', description: "The journey's goal, or an event chosen here." }),
    event: EventNameSchema.optional().meta({
      title: 'Conversion event',
      description: 'With "event": the event that counts as a conversion, e.g. "order.completed".',
    }),
    where: EventFiltersSchema,
  })
  .default({ source: 'journey', where: [] })
  .meta({ title: 'Conversion goal' });

/** The inputs of the planned sample size, in percent as a marketer enters them. */
export const SamplePlanSchema = z
  .object({
    baselinePercent: percent('Baseline conversion rate (%)', 10, "The control's expected conversion rate."),
    minimumDetectableEffectPercent: z
      .number({ error: 'must be a number' })
      .gt(0, 'must be more than 0')
      .max(1000, 'must be at most 1000')
      .default(10)
      .meta({
        title: 'Minimum detectable effect (% relative)',
        description: 'The smallest change worth finding: 10 means 10% better than the baseline.',
      }),
    powerPercent: percent('Power (%)', 80, 'Chance of finding that effect when it is real.'),
    alphaPercent: percent('Significance level (%)', 5, 'Chance of a false winner when nothing differs.'),
  })
  .default({ baselinePercent: 10, minimumDetectableEffectPercent: 10, powerPercent: 80, alphaPercent: 5 })
  .meta({ title: 'Planned sample' });

/** The experiment settings every split carries, all optional with defaults. */
export const experimentFields = {
  control: z.string().optional().meta({
    title: 'Control arm',
    description: 'Id of the arm the others are compared with; the first arm when empty.',
  }),
  goal: ExperimentGoalSchema,
  attributionWindowDays: z
    .number({ error: 'must be a number' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(366, 'must be at most 366 days')
    .default(7)
    .meta({
      title: 'Attribution window (days)',
      description: 'A conversion counts when it happens within this many days of the assignment.',
    }),
  plan: SamplePlanSchema,
};
