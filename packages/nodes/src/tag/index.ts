import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';

/** Config of the tag node: add or remove one tag. */
export const TagConfigSchema = z.object({
  op: z
    .enum(['add', 'remove'], { error: 'must be "add" or "remove"' })
    .default('add')
    .meta({ title: 'Add or remove' }),
  tag: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty; name the tag, e.g. "vip"')
    .max(64, 'must be at most 64 characters')
    .meta({ title: 'Tag', description: 'A label on the customer, e.g. "vip" or "churn-risk".' }),
});

/** Adds a tag to the customer or removes one. */
export const tag = defineNodeType({
  type: 'tag',
  version: 1,
  title: 'Add or remove tag',
  description: 'Adds a tag to the customer, or removes one, to group them for other journeys and reports.',
  category: 'action',
  icon: 'tag',
  configSchema: TagConfigSchema,
  defaults: { op: 'add', tag: 'engaged' },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    actions: [{ type: 'tag', op: config.op, tag: config.tag }],
    exits: [{ on: 'always', port: 'out' }],
  }),
  summary: (config) => `${config.op === 'add' ? 'Add' : 'Remove'} tag "${config.tag}"`,
});
