import { ScalarSchema } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { TraitNameSchema } from '../shared/traits';

/** Config of the attribute trigger: the trait to watch and, optionally, the value it must change to. */
export const AttributeTriggerConfigSchema = z.object({
  field: TraitNameSchema.meta({
    title: 'Profile trait',
    description: 'The trait to watch, e.g. "plan". Any change to it starts the journey.',
  }),
  to: ScalarSchema.optional().meta({
    title: 'Only when it changes to',
    description: 'Leave empty to start on any change.',
  }),
});

/** Starts a run when a profile trait changes, e.g. when `plan` becomes "pro". */
export const attributeTrigger = defineNodeType({
  type: 'attribute-trigger',
  version: 1,
  title: 'Attribute changes',
  description:
    "Starts the journey when a trait on the customer's profile changes, optionally to a given value.",
  category: 'trigger',
  icon: 'user-pen',
  configSchema: AttributeTriggerConfigSchema,
  defaults: { field: 'plan' },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    trigger:
      config.to === undefined
        ? { kind: 'attribute', field: config.field }
        : { kind: 'attribute', field: config.field, to: config.to },
    exits: [{ on: 'always', port: 'out' }],
  }),
  summary: (config) =>
    config.to === undefined
      ? `When ${config.field} changes`
      : `When ${config.field} changes to ${JSON.stringify(config.to)}`,
});
