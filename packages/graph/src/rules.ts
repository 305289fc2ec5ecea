import { z } from 'zod';
import { EventNameSchema } from './ids';

/**
 * What a customer is worth, as stored for them: `historical` revenue, `predicted` value over the
 * workspace's horizon, `expectedPurchases` in it, `probabilityAlive` and `churnRisk`
 * (1 − probabilityAlive). Read as `clv.<name>` fields.
 */
export const CLV_FIELDS = [
  'historical',
  'predicted',
  'expectedPurchases',
  'probabilityAlive',
  'churnRisk',
] as const;
export type ClvField = (typeof CLV_FIELDS)[number];

/**
 * Conditions are structured rule objects, never code. A field is a dotted path rooted at
 * `profile.`, `event.` (the triggering event), `response.<nodeId>.` (a stored HTTP response),
 * `clv.` (the customer's stored lifetime value, CLV_FIELDS) or the bare `stage` (the customer's
 * lifecycle stage).
 */
export const FieldPathSchema = z
  .string()
  .regex(
    new RegExp(`^(stage|clv\\.(${CLV_FIELDS.join('|')})|(profile|event|response)(\\.[A-Za-z0-9_$-]+)+)$`),
    'must start with "profile.", "event.", "response.", be a "clv." value or "stage", e.g. "profile.plan"',
  );

export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'greater_than',
  'greater_or_equal',
  'less_than',
  'less_or_equal',
  'exists',
  'not_exists',
  'in',
  'not_in',
  'before',
  'after',
] as const;
export const OperatorSchema = z.enum(OPERATORS);
export type Operator = z.infer<typeof OperatorSchema>;

export const ScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof ScalarSchema>;

/** One comparison: `profile.plan equals "pro"`. `exists`/`not_exists` take no value. */
export const FieldRuleSchema = z.object({
  field: FieldPathSchema,
  operator: OperatorSchema,
  value: z.union([ScalarSchema, z.array(ScalarSchema)]).optional(),
});
export type FieldRule = z.infer<typeof FieldRuleSchema>;

/** Counts events of one name (optionally filtered) seen since the run entered, within a window. */
export const EventCountRuleSchema = z.object({
  eventCount: z.object({
    event: EventNameSchema,
    where: z.array(FieldRuleSchema).max(20).optional(),
    withinSeconds: z.number().int().positive().optional(),
  }),
  operator: z.enum([
    'equals',
    'not_equals',
    'greater_than',
    'greater_or_equal',
    'less_than',
    'less_or_equal',
  ]),
  value: z.number().int().nonnegative(),
});
export type EventCountRule = z.infer<typeof EventCountRuleSchema>;

/**
 * Whether event `first` happened before event `second` since the run entered (the trigger event
 * counts), in the order the events arrived; with `withinSeconds`, `second` came at most that long
 * after `first` (by the events' own times). `not_happened` is the opposite.
 */
export const EventOrderRuleSchema = z.object({
  eventOrder: z.object({
    first: EventNameSchema,
    second: EventNameSchema,
    withinSeconds: z.number().int().positive().optional(),
  }),
  operator: z.enum(['happened', 'not_happened']),
});
export type EventOrderRule = z.infer<typeof EventOrderRuleSchema>;

/** A saved segment's id, as the API gives it (`seg_` and hex). */
export const SegmentIdSchema = z
  .string({ error: 'must be the id of a saved segment' })
  .regex(/^seg_[A-Za-z0-9]{1,64}$/, 'must be the id of a saved segment, e.g. "seg_3f9a0c1d2b4e5f60"');

/** Whether the customer is a member of a saved segment now (`in`) or not (`not_in`). */
export const SegmentMembershipRuleSchema = z.object({
  segmentId: SegmentIdSchema,
  operator: z.enum(['in', 'not_in']),
});
export type SegmentMembershipRule = z.infer<typeof SegmentMembershipRuleSchema>;

export type Rule = FieldRule | EventCountRule | EventOrderRule | SegmentMembershipRule | RuleGroup;
export type RuleGroup = { all: Rule[] } | { any: Rule[] };

/** Nested groups are capped so a hostile document cannot blow the stack. */
export const MAX_RULE_DEPTH = 8;

export const RuleSchema: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    FieldRuleSchema,
    EventCountRuleSchema,
    EventOrderRuleSchema,
    SegmentMembershipRuleSchema,
    RuleGroupSchema,
  ]),
);
export const RuleGroupSchema: z.ZodType<RuleGroup> = z.lazy(() =>
  z.union([z.object({ all: z.array(RuleSchema).max(50) }), z.object({ any: z.array(RuleSchema).max(50) })]),
);

/** Depth of the deepest group; the validator rejects groups deeper than MAX_RULE_DEPTH. */
export function ruleDepth(rule: unknown, depth = 0): number {
  if (depth > MAX_RULE_DEPTH + 1 || rule === null || typeof rule !== 'object') return depth;
  const children = (rule as { all?: unknown[]; any?: unknown[] }).all ?? (rule as { any?: unknown[] }).any;
  if (!Array.isArray(children)) return depth;
  let deepest = depth + 1;
  for (const child of children) deepest = Math.max(deepest, ruleDepth(child, depth + 1));
  return deepest;
}
