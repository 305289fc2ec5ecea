import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';

/** The exit node needs no settings. */
export const ExitConfigSchema = z.object({});

/** Ends the customer's run here as completed. */
export const exit = defineNodeType({
  type: 'exit',
  version: 1,
  title: 'Exit',
  description: 'Ends the journey for the customer here.',
  category: 'flow',
  icon: 'log-out',
  configSchema: ExitConfigSchema,
  defaults: {},
  ports: [],
  compile: () => ({ exits: [], end: 'completed' }),
  summary: () => 'End of journey',
});
