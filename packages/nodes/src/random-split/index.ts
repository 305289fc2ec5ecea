import { IdSchema } from '@stagecraft/graph';
import { type ConfigProblem, defineNodeType, type NodeExit } from '@stagecraft/sdk';
import { z } from 'zod';

const WeightSchema = z
  .number({ error: 'must be a number' })
  .min(0, 'must be 0 or more')
  .max(1_000_000, 'must be at most 1,000,000');

const ArmSchema = z
  .object({
    id: IdSchema.meta({ title: 'Arm id', description: 'Stable id of this arm\'s output, e.g. "a".' }),
    label: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty; name the arm, e.g. "Subject A"')
      .max(60, 'must be at most 60 characters')
      .meta({ title: 'Label' }),
    weight: WeightSchema.meta({
      title: 'Weight',
      description: 'Share of customers, relative to the other arms: 50 and 50 split evenly.',
    }),
  })
  .meta({ title: 'Arm' });

/** Config of the random split: weighted arms and an optional holdout that receives nothing further. */
export const RandomSplitConfigSchema = z.object({
  arms: z.array(ArmSchema).min(1, 'add at least one arm').max(10, 'at most 10 arms').meta({ title: 'Arms' }),
  holdout: z
    .object({
      enabled: z
        .boolean({ error: 'must be true or false' })
        .default(false)
        .meta({ title: 'Keep a holdout group' }),
      weight: WeightSchema.default(10).meta({ title: 'Holdout weight' }),
    })
    .default({ enabled: false, weight: 10 })
    .meta({
      title: 'Holdout',
      description: 'A control group that gets nothing further, to measure what the journey adds.',
    }),
});
export type RandomSplitConfig = z.output<typeof RandomSplitConfigSchema>;

/** Splits customers at random by weight (A/B/n), the same way every time for a given customer. */
export const randomSplit = defineNodeType({
  type: 'random-split',
  version: 1,
  title: 'A/B split',
  description:
    'Splits customers at random by weight into arms, with an optional holdout. A customer always gets the same arm.',
  category: 'flow',
  icon: 'shuffle',
  configSchema: RandomSplitConfigSchema,
  defaults: {
    arms: [
      { id: 'a', label: 'A', weight: 50 },
      { id: 'b', label: 'B', weight: 50 },
    ],
    holdout: { enabled: false, weight: 10 },
  },
  ports: (config) => [
    ...config.arms.map((arm) => ({ id: arm.id, label: arm.label })),
    ...(config.holdout.enabled ? [{ id: 'holdout', label: 'Holdout' }] : []),
  ],
  compile: (config) => {
    const ports = [...config.arms.map((arm) => arm.id), ...(config.holdout.enabled ? ['holdout'] : [])];
    const weights = [
      ...config.arms.map((arm) => arm.weight),
      ...(config.holdout.enabled ? [config.holdout.weight] : []),
    ];
    // The last port takes whoever the earlier arms did not draw, so no customer can be stranded.
    const exits: NodeExit[] = ports.map((port, arm) =>
      arm === ports.length - 1
        ? { on: 'always', port }
        : { on: 'always', port, guard: { type: 'arm', weights, arm } },
    );
    return { exits };
  },
  validate: (config) => {
    const problems: ConfigProblem[] = [];
    const seen = new Set<string>();
    config.arms.forEach((arm, index) => {
      if (arm.id === 'holdout' && config.holdout.enabled) {
        problems.push({
          path: `arms.${index}.id`,
          message: '"holdout" is the holdout group\'s id; rename this arm.',
        });
      } else if (seen.has(arm.id)) {
        problems.push({
          path: `arms.${index}.id`,
          message: `Two arms share the id "${arm.id}"; give each its own.`,
        });
      }
      seen.add(arm.id);
    });
    const total = totalWeight(config);
    if (total === 0)
      problems.push({ path: 'arms', message: 'The weights add up to 0; give at least one arm a weight.' });
    if (config.holdout.enabled && config.holdout.weight === 0) {
      problems.push({
        path: 'holdout.weight',
        severity: 'warning',
        message: 'The holdout has weight 0, so nobody is held out.',
      });
    }
    if (config.arms.length === 1 && !config.holdout.enabled) {
      problems.push({
        path: 'arms',
        severity: 'warning',
        message: 'With one arm and no holdout, everyone goes the same way.',
      });
    }
    return problems;
  },
  summary: (config) => {
    const total = totalWeight(config) || 1;
    const share = (weight: number) => `${Math.round((weight / total) * 1000) / 10}%`;
    const arms = config.arms.map((arm) => `${arm.label} ${share(arm.weight)}`);
    if (config.holdout.enabled) arms.push(`holdout ${share(config.holdout.weight)}`);
    return arms.join(' · ');
  },
});

function totalWeight(config: RandomSplitConfig): number {
  const arms = config.arms.reduce((sum, arm) => sum + arm.weight, 0);
  return arms + (config.holdout.enabled ? config.holdout.weight : 0);
}
