import { RuleGroupSchema, type RuleReach, ruleGroupProblems, SegmentIdSchema } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { isEmptyGroup } from '../shared/rules';

const ChangeSchema = z
  .enum(['entered', 'left'], { error: 'must be "entered" or "left"' })
  .default('entered')
  .meta({ title: 'Start when the customer', description: 'Enters the segment, or leaves it.' });

const SavedSegmentSchema = z
  .object({
    source: z.literal('saved').meta({ title: 'Segment' }),
    segmentId: SegmentIdSchema.meta({
      title: 'Saved segment',
      description: 'A segment saved on the Segments page; its membership is kept current as data arrives.',
    }),
    change: ChangeSchema,
  })
  .meta({
    title: 'A saved segment',
    description: 'Rules over traits, stage, event counts and sums in a window, lifetime value or churn risk.',
  });

const RulesSegmentSchema = z
  .object({
    source: z.literal('rules').meta({ title: 'Segment' }),
    segment: z
      .string({ error: 'must be a segment name' })
      .trim()
      .min(1, 'must name the segment, e.g. "Trial users"')
      .max(120, 'must be at most 120 characters')
      .meta({
        title: 'Segment name',
        description: 'A name for the group of customers these rules describe.',
      }),
    rules: RuleGroupSchema.meta({
      title: 'Who is in the segment',
      description:
        "Rules over the customer's profile and lifecycle stage; checked whenever the profile changes.",
    }),
    change: ChangeSchema,
  })
  .meta({
    title: 'Rules written here',
    description: "Rules over the customer's profile and stage, checked whenever the profile changes.",
  });

/**
 * Config of the segment trigger: a saved segment by id, or a named rule group over the profile;
 * and which crossing counts.
 */
export const SegmentTriggerConfigSchema = z.discriminatedUnion('source', [
  SavedSegmentSchema,
  RulesSegmentSchema,
]);
export type SegmentTriggerConfig = z.output<typeof SegmentTriggerConfigSchema>;

/**
 * Starts a run when a customer enters or leaves a segment. Version 2 added saved segments
 * (`source: "saved"`); version 1 configs are rules written in the node (`source: "rules"`).
 */
export const segmentTrigger = defineNodeType({
  type: 'segment-trigger',
  version: 2,
  title: 'Segment entered or left',
  description:
    'Starts the journey when a customer enters or leaves a saved segment, or a segment described by profile rules.',
  category: 'trigger',
  icon: 'users',
  configSchema: SegmentTriggerConfigSchema,
  defaults: {
    source: 'rules',
    segment: 'Pro customers',
    rules: { all: [{ field: 'profile.plan', operator: 'equals', value: 'pro' }] },
    change: 'entered',
  },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    trigger:
      config.source === 'saved'
        ? { kind: 'saved-segment', segmentId: config.segmentId, change: config.change }
        : { kind: 'segment', segment: config.segment, rules: config.rules, change: config.change },
    exits: [{ on: 'always', port: 'out' }],
  }),
  validate: (config) => {
    if (config.source === 'saved') return [];
    if (isEmptyGroup(config.rules)) {
      return [
        { path: 'rules', message: 'Add at least one rule; a segment without rules has no edge to cross.' },
      ];
    }
    const scope: RuleReach = { roots: ['profile', 'stage'], eventCounts: false, what: 'A segment rule' };
    return ruleGroupProblems(config.rules, 'rules', scope);
  },
  migrate: (config, fromVersion) =>
    fromVersion < 2 && config !== null && typeof config === 'object' && !('source' in config)
      ? { source: 'rules', ...config }
      : config,
  summary: (config) =>
    `When a customer ${config.change === 'entered' ? 'enters' : 'leaves'} ${
      config.source === 'saved' ? `segment ${config.segmentId}` : config.segment
    }`,
});
