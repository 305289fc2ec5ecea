import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';

/** The API trigger needs no settings. */
export const ApiTriggerConfigSchema = z.object({});

/** Lets customers in only through the API or by hand from the customer screen. */
export const apiTrigger = defineNodeType({
  type: 'api-trigger',
  version: 1,
  title: 'API or manual entry',
  description: 'Customers enter when your code calls the API or someone adds them by hand.',
  category: 'trigger',
  icon: 'plug',
  configSchema: ApiTriggerConfigSchema,
  defaults: {},
  ports: [{ id: 'out', label: 'Next' }],
  compile: () => ({ trigger: { kind: 'api' }, exits: [{ on: 'always', port: 'out' }] }),
  summary: () => 'Entered through the API or by hand',
});
