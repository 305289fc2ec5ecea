import { z } from 'zod';
import { EventMatcherSchema } from './event-matcher';
import { IdSchema, NodeTypeIdSchema } from './ids';

export const JOURNEY_SCHEMA_VERSION = 1;
/** Upper bounds keep validation and compilation time bounded on hostile documents. */
export const LIMITS = { nodes: 10_000, edges: 20_000, stages: 50 } as const;

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

/** One step on the canvas. `config` is checked against the node type's own schema by the compiler. */
export const JourneyNodeSchema = z.object({
  id: IdSchema,
  type: NodeTypeIdSchema,
  typeVersion: z.number().int().positive(),
  position: PositionSchema,
  config: z.record(z.string(), z.unknown()).default({}),
  stage: IdSchema.nullable().optional(),
  label: z.string().max(120).optional(),
});
export type JourneyNode = z.infer<typeof JourneyNodeSchema>;

/** A connection from one output port of a node to another node. */
export const JourneyEdgeSchema = z.object({
  id: IdSchema,
  source: IdSchema,
  sourcePort: z.string().min(1).max(64).default('out'),
  target: IdSchema,
});
export type JourneyEdge = z.infer<typeof JourneyEdgeSchema>;

/** A lifecycle stage, drawn as a lane; nodes placed in it move customers into that stage. */
export const StageSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1, 'must not be empty').max(60),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour such as "#4f46e5"'),
  order: z.number().int().nonnegative(),
});
export type Stage = z.infer<typeof StageSchema>;

export const ReentrySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('once') }),
  z.object({ policy: z.literal('after-exit') }),
  z.object({ policy: z.literal('always'), cooldownSeconds: z.number().int().nonnegative().default(0) }),
]);
export type Reentry = z.infer<typeof ReentrySchema>;

export const GoalSettingSchema = z.object({
  event: EventMatcherSchema,
  attributionWindowSeconds: z
    .number()
    .int()
    .positive()
    .max(366 * 86_400),
  exitOnGoal: z.boolean().default(true),
});
export type GoalSetting = z.infer<typeof GoalSettingSchema>;

/** Journey-wide rules: who may enter again, how many runs at once, what ends a run early. */
export const JourneySettingsSchema = z.object({
  reentry: ReentrySchema.default({ policy: 'once' }),
  maxConcurrentRuns: z.number().int().min(1).max(100).default(1),
  exitEvents: z.array(EventMatcherSchema).max(20).default([]),
  goal: GoalSettingSchema.nullable().default(null),
  /** The zone for customers without one of their own; null uses the workspace's zone. */
  timeZone: z.string().min(1).nullable().default(null),
});
export type JourneySettings = z.infer<typeof JourneySettingsSchema>;

/** The journey document: what the editor saves as a draft and what a published version freezes. */
export const JourneyDocumentSchema = z.object({
  schemaVersion: z.literal(JOURNEY_SCHEMA_VERSION).default(JOURNEY_SCHEMA_VERSION),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  description: z.string().max(2000).default(''),
  nodes: z.array(JourneyNodeSchema).max(LIMITS.nodes),
  edges: z.array(JourneyEdgeSchema).max(LIMITS.edges),
  stages: z.array(StageSchema).max(LIMITS.stages).default([]),
  settings: JourneySettingsSchema.default(JourneySettingsSchema.parse({})),
});
export type JourneyDocument = z.infer<typeof JourneyDocumentSchema>;
/** What a caller may pass in before defaults are applied. */
export type JourneyDocumentInput = z.input<typeof JourneyDocumentSchema>;

/** The six lifecycle stages every workspace starts with. */
export const DEFAULT_STAGES: Stage[] = [
  { id: 'acquisition', name: 'Acquisition', color: '#0ea5e9', order: 0 },
  { id: 'onboarding', name: 'Onboarding', color: '#8b5cf6', order: 1 },
  { id: 'engagement', name: 'Engagement', color: '#10b981', order: 2 },
  { id: 'retention', name: 'Retention', color: '#f59e0b', order: 3 },
  { id: 'advocacy', name: 'Advocacy', color: '#ec4899', order: 4 },
  { id: 'renewal', name: 'Renewal', color: '#6366f1', order: 5 },
];
