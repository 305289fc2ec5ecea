import { EventNameSchema, eventFilterProblems } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { describeFilters, EventFiltersSchema } from '../shared/rules';

/** Config of a goal: the event that counts as converting. */
export const GoalConfigSchema = z.object({
  event: EventNameSchema.meta({
    title: 'Goal event',
    description: 'When the customer sends this event, e.g. "order.completed", they have converted.',
  }),
  where: EventFiltersSchema,
});

/** Ends the run as converted the moment the goal event arrives, wherever the customer is. */
export const goal = defineNodeType({
  type: 'goal',
  version: 1,
  title: 'Goal',
  description:
    'Marks a conversion: when the event arrives, the customer leaves the journey at once as converted, even in the middle of a wait.',
  category: 'flow',
  icon: 'flag',
  configSchema: GoalConfigSchema,
  defaults: { event: 'order.completed', where: [] },
  ports: [],
  compile: (config) => {
    const match = { event: config.event, where: config.where };
    return { exits: [], end: 'converted', goal: match };
  },
  validate: (config) => eventFilterProblems(config.where, 'where'),
  summary: (config) => {
    const filters = describeFilters(config.where);
    return filters ? `Converts on ${config.event} where ${filters}` : `Converts on ${config.event}`;
  },
});
