import { EventNameSchema, eventFilterProblems } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { describeFilters, EventFiltersSchema } from '../shared/rules';

/** Config of the event trigger: the event that lets a customer in, with optional property filters. */
export const EventTriggerConfigSchema = z.object({
  event: EventNameSchema.meta({
    title: 'Event name',
    description: 'The event that starts the journey, exactly as your app sends it, e.g. "order.completed".',
  }),
  where: EventFiltersSchema,
});

/** Starts a run when the customer does something, e.g. signs up or completes an order. */
export const eventTrigger = defineNodeType({
  type: 'event-trigger',
  version: 1,
  title: 'Event happens',
  description:
    'Starts the journey when a customer sends an event, optionally only when its properties match.',
  category: 'trigger',
  icon: 'zap',
  configSchema: EventTriggerConfigSchema,
  defaults: { event: 'user.signed_up', where: [] },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    trigger: { kind: 'event', match: { event: config.event, where: config.where } },
    exits: [{ on: 'always', port: 'out' }],
  }),
  validate: (config) => eventFilterProblems(config.where, 'where'),
  summary: (config) => {
    const filters = describeFilters(config.where);
    return filters ? `When ${config.event} where ${filters}` : `When ${config.event}`;
  },
});
