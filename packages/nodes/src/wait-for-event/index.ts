import { EventNameSchema, eventFilterProblems } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { describeFilters, EventFiltersSchema } from '../shared/rules';
import { DurationSchema, durationSeconds, formatDuration } from '../shared/time';

/** Config of wait-for-event: the event to wait for and how long to wait before giving up. */
export const WaitForEventConfigSchema = z.object({
  event: EventNameSchema.meta({
    title: 'Event name',
    description: 'The event that moves the customer on, e.g. "survey.completed".',
  }),
  where: EventFiltersSchema,
  timeout: DurationSchema.meta({
    title: 'Give up after',
    description: 'If the event has not happened by then, the customer leaves through "Timed out".',
  }),
});

/** Holds the customer until an event happens (port `matched`) or a timeout passes (port `timeout`). */
export const waitForEvent = defineNodeType({
  type: 'wait-for-event',
  version: 1,
  title: 'Wait for event',
  description:
    'Waits until the customer does something, e.g. completes a survey, or moves on after a timeout. Only events after the customer entered count.',
  category: 'flow',
  icon: 'hourglass',
  configSchema: WaitForEventConfigSchema,
  defaults: { event: 'order.completed', where: [], timeout: { amount: 3, unit: 'days' } },
  ports: [
    { id: 'matched', label: 'Event happened' },
    { id: 'timeout', label: 'Timed out' },
  ],
  compile: (config) => ({
    exits: [
      { on: 'event', port: 'matched', match: { event: config.event, where: config.where } },
      { on: 'timer', port: 'timeout', timer: { kind: 'duration', seconds: durationSeconds(config.timeout) } },
    ],
  }),
  validate: (config) => eventFilterProblems(config.where, 'where'),
  summary: (config) => {
    const filters = describeFilters(config.where);
    const event = filters ? `${config.event} where ${filters}` : config.event;
    return `Wait up to ${formatDuration(config.timeout)} for ${event}`;
  },
});
