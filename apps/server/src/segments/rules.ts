import { EventCountRuleSchema, FieldRuleSchema, MAX_RULE_DEPTH, ruleDepth } from '@stagecraft/graph';
import { z } from 'zod';

/**
 * A trait (`profile.plan`, `profile.consent.email`), the lifecycle `stage` or a stored lifetime
 * value (`clv.predicted`, `clv.churnRisk`…), compared with a value.
 */
const SegmentFieldRuleSchema = FieldRuleSchema.refine(
  (r) => /^(stage|clv\..+|profile(\.[A-Za-z0-9_$-]+)+)$/.test(r.field),
  {
    path: ['field'],
    message:
      'segments read traits ("profile.plan"), "stage" or lifetime values ("clv.predicted", "clv.churnRisk")',
  },
).refine((r) => r.operator !== 'before' && r.operator !== 'after', {
  path: ['operator'],
  message: 'before and after are not available in segments; compare numbers or use an event window',
});

/** The sum of a numeric property over events of one name in a window: "$100+ of `Order Completed` in 90 days". */
export const EventSumRuleSchema = z.object({
  eventSum: z.object({
    event: z.string().min(1).max(200),
    property: z.string().min(1).max(200),
    withinSeconds: z.number().int().positive().optional(),
  }),
  // The comparisons an event count takes.
  operator: EventCountRuleSchema.shape.operator,
  value: z.number(),
});

export type SegmentRule =
  | z.infer<typeof SegmentFieldRuleSchema>
  | z.infer<typeof EventCountRuleSchema>
  | z.infer<typeof EventSumRuleSchema>
  | SegmentRuleGroup;
export type SegmentRuleGroup = { all: SegmentRule[] } | { any: SegmentRule[] };

const SegmentRuleSchema: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([SegmentFieldRuleSchema, EventCountRuleSchema, EventSumRuleSchema, SegmentRuleGroupSchema]),
);

/**
 * A segment's rules: a group (all/any) of trait and stage comparisons, event counts and sums in
 * a window (over the customer's whole history, not since a journey began), and nested groups.
 */
export const SegmentRuleGroupSchema: z.ZodType<SegmentRuleGroup> = z.lazy(() =>
  z
    .union([
      z.object({ all: z.array(SegmentRuleSchema).max(50) }),
      z.object({ any: z.array(SegmentRuleSchema).max(50) }),
    ])
    .refine((group) => ruleDepth(group) <= MAX_RULE_DEPTH, `groups nest at most ${MAX_RULE_DEPTH} deep`),
);
