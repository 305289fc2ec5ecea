import { RuleGroupSchema, type RuleReach, ruleGroupProblems } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { isEmptyGroup } from '../shared/rules';

/** Config of the segment trigger: a named rule group over the profile, and which crossing counts. */
export const SegmentTriggerConfigSchema = z.object({
  segment: z
    .string({ error: 'must be a segment name' })
    .trim()
    .min(1, 'must name the segment, e.g. "Trial users"')
    .max(120, 'must be at most 120 characters')
    .meta({ title: 'Segment name', description: 'A name for the group of customers these rules describe.' }),
  rules: RuleGroupSchema.meta({
    title: 'Who is in the segment',
    description:
      "Rules over the customer's profile and lifecycle stage; checked whenever the profile changes.",
  }),
  change: z
    .enum(['entered', 'left'], { error: 'must be "entered" or "left"' })
    .default('entered')
    .meta({ title: 'Start when the customer', description: 'Enters the segment, or leaves it.' }),
});

/** Starts a run when a customer starts or stops matching a segment's rules. */
export const segmentTrigger = defineNodeType({
  type: 'segment-trigger',
  version: 1,
  title: 'Segment entered or left',
  description: 'Starts the journey when a customer enters or leaves a segment described by profile rules.',
  category: 'trigger',
  icon: 'users',
  configSchema: SegmentTriggerConfigSchema,
  defaults: {
    segment: 'Pro customers',
    rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] },
    change: 'entered',
  },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    trigger: { kind: 'segment', segment: config.segment, rules: config.rules, change: config.change },
    exits: [{ on: 'always', port: 'out' }],
  }),
  validate: (config) => {
    if (isEmptyGroup(config.rules)) {
      return [
        { path: 'rules', message: 'Add at least one rule; a segment without rules has no edge to cross.' },
      ];
    }
    const scope: RuleReach = { roots: ['profile', 'stage'], eventCounts: false, what: 'A segment rule' };
    return ruleGroupProblems(config.rules, 'rules', scope);
  },
  summary: (config) =>
    `When a customer ${config.change === 'entered' ? 'enters' : 'leaves'} ${config.segment}`,
});
