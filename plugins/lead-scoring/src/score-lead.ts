import { EventNameSchema, RuleGroupSchema, type RuleScope, ruleGroupProblems } from '@stagecraft/graph';
import { type ConfigProblem, defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { eventPart, type ScorePart, tierOf, traitParts } from './score.js';

const Points = z.number().min(-1000, 'Use at least -1000 points.').max(1000, 'Use at most 1000 points.');
const TraitName = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,64}$/, 'Use letters, digits and underscores only, e.g. lead_score.');

export const ScoreLeadConfigSchema = z.object({
  traits: z
    .array(
      z.object({
        label: z.string().max(80).default('').meta({ title: 'Why (shown in the score breakdown)' }),
        when: RuleGroupSchema.meta({ title: 'When the customer matches' }),
        points: Points.meta({ title: 'Points' }),
      }),
    )
    .max(30, 'Use at most 30 trait rules.')
    .default([])
    .meta({ title: 'Points for traits', description: 'Each rule the customer matches adds its points.' }),
  events: z
    .array(
      z.object({
        event: EventNameSchema.meta({ title: 'Event' }),
        withinDays: z.number().int().min(1).max(3650).nullable().default(30).meta({
          title: 'Within the last (days)',
          description: 'Empty counts every time it ever happened.',
        }),
        points: Points.meta({ title: 'Points each time' }),
        maxPoints: z
          .number()
          .min(0)
          .max(100_000)
          .nullable()
          .default(null)
          .meta({ title: 'At most (points)', description: 'Empty for no cap.' }),
      }),
    )
    .max(30, 'Use at most 30 event weights.')
    .default([])
    .meta({ title: 'Points for events', description: 'Each time the customer did it adds its points.' }),
  hotAt: z.number().default(70).meta({ title: 'Hot from (score)' }),
  warmAt: z.number().default(40).meta({ title: 'Warm from (score)' }),
  scoreTrait: TraitName.default('lead_score').meta({ title: 'Profile trait for the score' }),
  tierTrait: TraitName.default('lead_tier').meta({ title: 'Profile trait for hot, warm or cold' }),
});

export type ScoreLeadConfig = z.output<typeof ScoreLeadConfigSchema>;

/** Traits the rules may read: the profile and the event that started the journey. */
const REACH = { roots: ['profile', 'event'], eventCounts: false, what: 'A scoring rule' } as const;

/** Scores a lead from weighted traits and event counts, writes it to the profile and branches by tier. */
export const scoreLead = defineNodeType({
  type: 'lead-scoring/score',
  version: 1,
  title: 'Score lead',
  description:
    'Adds up points for traits and recent activity, saves the score on the profile, and splits hot, warm and cold.',
  category: 'action',
  icon: 'gauge',
  configSchema: ScoreLeadConfigSchema,
  defaults: {
    traits: [
      {
        label: 'Works at a company',
        when: { all: [{ field: 'profile.company', operator: 'exists' }] },
        points: 20,
      },
    ],
    events: [
      { event: 'page.viewed', withinDays: 30, points: 2, maxPoints: 30 },
      { event: 'demo.requested', withinDays: 90, points: 50, maxPoints: 50 },
    ],
    hotAt: 70,
    warmAt: 40,
    scoreTrait: 'lead_score',
    tierTrait: 'lead_tier',
  },
  ports: [
    { id: 'hot', label: 'Hot' },
    { id: 'warm', label: 'Warm' },
    { id: 'cold', label: 'Cold' },
  ],
  compile: (config) => ({
    actions: [{ type: 'plugin', params: config as unknown as Record<string, unknown> }],
    exits: [
      { on: 'result', ok: true, port: 'hot' },
      { on: 'result', ok: true, port: 'warm' },
      { on: 'result', ok: true, port: 'cold' },
    ],
  }),
  validate: (config) => {
    const problems: ConfigProblem[] = config.traits.flatMap((weight, index) =>
      ruleGroupProblems(weight.when, `traits.${index}.when`, REACH),
    );
    if (config.warmAt > config.hotAt)
      problems.push({ path: 'warmAt', message: `Set "Warm from" at or below "Hot from" (${config.hotAt}).` });
    if (config.scoreTrait === config.tierTrait)
      problems.push({ path: 'tierTrait', message: 'Use a different trait from the score’s.' });
    if (config.traits.length === 0 && config.events.length === 0)
      problems.push({
        path: 'traits',
        severity: 'warning',
        message: 'Add a weight; with none, every lead scores 0.',
      });
    return problems;
  },
  execute: async (input, { countEvents }) => {
    const parsed = ScoreLeadConfigSchema.safeParse(input.params);
    if (!parsed.success)
      return { ok: false, error: `The step's settings are invalid: ${parsed.error.message}` };
    const config = parsed.data;
    const scope: RuleScope = {
      profile: { customerId: input.customerId, traits: input.profile },
      event: input.event && {
        name: input.event.name,
        properties: input.event.properties,
        at: Date.parse(input.event.timestamp),
      },
    };
    const parts: ScorePart[] = traitParts(config.traits, scope);
    for (const weight of config.events) {
      const count = await countEvents(
        weight.event,
        weight.withinDays ? { withinDays: weight.withinDays } : {},
      );
      if (count > 0) parts.push(eventPart(weight, count));
    }
    const score = parts.reduce((sum, part) => sum + part.points, 0);
    const tier = tierOf(score, config);
    return {
      ok: true,
      port: tier,
      data: { score, tier, parts },
      profile: { [config.scoreTrait]: score, [config.tierTrait]: tier },
    };
  },
  summary: (config) => {
    const weights = config.traits.length + config.events.length;
    return `Hot from ${config.hotAt}, warm from ${config.warmAt} · ${weights} weight${weights === 1 ? '' : 's'}`;
  },
});
