import { IdSchema } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';

/** Config of set-stage: the lifecycle stage to move the customer to. */
export const SetStageConfigSchema = z.object({
  stage: IdSchema.meta({
    title: 'Lifecycle stage',
    description: 'One of this journey\'s stages, e.g. "retention".',
  }),
});

/** Moves the customer to a lifecycle stage, wherever this node sits on the canvas. */
export const setStage = defineNodeType({
  type: 'set-stage',
  version: 1,
  title: 'Set lifecycle stage',
  description: 'Moves the customer to a lifecycle stage, e.g. from Onboarding to Engagement.',
  category: 'action',
  icon: 'milestone',
  configSchema: SetStageConfigSchema,
  defaults: { stage: 'engagement' },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    actions: [{ type: 'set-stage', stage: config.stage }],
    exits: [{ on: 'always', port: 'out' }],
  }),
  validate: (config, context) =>
    context.stageIds.includes(config.stage)
      ? []
      : [
          {
            path: 'stage',
            message: `"${config.stage}" is not a stage of this journey; pick one of: ${context.stageIds.join(', ') || '(none defined)'}.`,
          },
        ],
  summary: (config) => `Move to ${config.stage}`,
});
