import { eventFilterProblems, IdSchema } from '@stagecraft/graph';
import { type ConfigProblem, defineNodeType, type NodeExit } from '@stagecraft/sdk';
import { z } from 'zod';
import { experimentFields } from './experiment';

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
      description: 'Share of the customers not held out, relative to the other arms: 50 and 50 split evenly.',
    }),
  })
  .meta({ title: 'Arm' });

/**
 * Config of the random split: weighted arms, an optional holdout given as a share of everyone
 * (version 2; version 1 gave it a weight relative to the arms), and the experiment settings.
 */
export const RandomSplitConfigSchema = z.object({
  arms: z.array(ArmSchema).min(1, 'add at least one arm').max(10, 'at most 10 arms').meta({ title: 'Arms' }),
  holdout: z
    .object({
      enabled: z
        .boolean({ error: 'must be true or false' })
        .default(false)
        .meta({ title: 'Keep a holdout group' }),
      percent: z
        .number({ error: 'must be a number' })
        .min(0, 'must be 0 or more')
        .max(99, 'must be at most 99')
        .default(10)
        .meta({ title: 'Holdout (% of everyone)', description: 'The arms share the rest by their weights.' }),
    })
    .default({ enabled: false, percent: 10 })
    .meta({
      title: 'Holdout',
      description: 'A control group that gets nothing further, to measure what the journey adds.',
    }),
  ...experimentFields,
});
export type RandomSplitConfig = z.output<typeof RandomSplitConfigSchema>;

/** The id of the holdout's port and arm. */
export const HOLDOUT = 'holdout';

/** One arm as everyone entering the split sees it: its share of everyone, in percent. */
export interface SplitShare {
  id: string;
  label: string;
  percent: number;
  holdout: boolean;
}

/** Each arm's share of everyone entering the split, the holdout last; the shares add up to 100. */
export function splitShares(config: RandomSplitConfig): SplitShare[] {
  const total = armWeight(config);
  const held = config.holdout.enabled ? config.holdout.percent : 0;
  const shares = config.arms.map((arm) => ({
    id: arm.id,
    label: arm.label,
    percent: total > 0 ? (arm.weight / total) * (100 - held) : 0,
    holdout: false,
  }));
  if (config.holdout.enabled) shares.push({ id: HOLDOUT, label: 'Holdout', percent: held, holdout: true });
  return shares;
}

/** Splits customers at random by weight (A/B/n), the same way every time for a given customer. */
export const randomSplit = defineNodeType({
  type: 'random-split',
  version: 2,
  title: 'A/B split',
  description:
    'Splits customers at random by weight into arms, with an optional holdout. A customer always gets the same arm; every split is an experiment with results.',
  category: 'flow',
  icon: 'shuffle',
  configSchema: RandomSplitConfigSchema,
  defaults: {
    arms: [
      { id: 'a', label: 'A', weight: 50 },
      { id: 'b', label: 'B', weight: 50 },
    ],
    holdout: { enabled: false, percent: 10 },
  },
  ports: (config) => [
    ...config.arms.map((arm) => ({ id: arm.id, label: arm.label })),
    ...(config.holdout.enabled ? [{ id: HOLDOUT, label: 'Holdout' }] : []),
  ],
  compile: (config) => {
    const shares = splitShares(config);
    const weights = shares.map((share) => share.percent);
    // The last port takes whoever the earlier arms did not draw, so no customer can be stranded.
    const exits: NodeExit[] = shares.map((share, arm) =>
      arm === shares.length - 1
        ? { on: 'always', port: share.id }
        : { on: 'always', port: share.id, guard: { type: 'arm', weights, arm } },
    );
    return { exits };
  },
  validate: (config) => {
    const problems: ConfigProblem[] = [];
    const seen = new Set<string>();
    config.arms.forEach((arm, index) => {
      if (arm.id === HOLDOUT && config.holdout.enabled) {
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
    if (armWeight(config) === 0)
      problems.push({ path: 'arms', message: 'The weights add up to 0; give at least one arm a weight.' });
    if (config.holdout.enabled && config.holdout.percent === 0) {
      problems.push({
        path: 'holdout.percent',
        severity: 'warning',
        message: 'The holdout is 0% of everyone, so nobody is held out.',
      });
    }
    if (config.arms.length === 1 && !config.holdout.enabled) {
      problems.push({
        path: 'arms',
        severity: 'warning',
        message: 'With one arm and no holdout, everyone goes the same way.',
      });
    }
    if (config.control !== undefined && config.control !== '' && !seen.has(config.control)) {
      problems.push({
        path: 'control',
        message: `No arm has the id "${config.control}"; pick one of ${[...seen].map((id) => `"${id}"`).join(', ')}.`,
      });
    }
    if (config.goal.source === 'event' && !config.goal.event) {
      problems.push({ path: 'goal.event', message: 'Name the event that counts as a conversion.' });
    }
    problems.push(...eventFilterProblems(config.goal.where, 'goal.where'));
    return problems;
  },
  migrate: (config, fromVersion) => (fromVersion === 1 ? holdoutAsShare(config) : config),
  summary: (config) =>
    splitShares(config)
      .map((share) => `${share.holdout ? 'holdout' : share.label} ${Math.round(share.percent * 10) / 10}%`)
      .join(' · '),
});

function armWeight(config: RandomSplitConfig): number {
  return config.arms.reduce((sum, arm) => sum + arm.weight, 0);
}

/**
 * Version 1 gave the holdout a weight relative to the arms (50/30/20 with holdout 10 held out
 * 10/110 = 9.09%); version 2 gives its share of everyone. The same share keeps the same
 * customers in each arm: the compiled weights are the old ones times one constant.
 */
function holdoutAsShare(config: unknown): unknown {
  const old = (config ?? {}) as {
    arms?: { weight?: unknown }[];
    holdout?: { enabled?: unknown; weight?: unknown };
  };
  const { weight, ...holdout } = old.holdout ?? {};
  const held = typeof weight === 'number' ? weight : 10;
  const arms = Array.isArray(old.arms)
    ? old.arms.reduce((sum, arm) => sum + (typeof arm?.weight === 'number' ? arm.weight : 0), 0)
    : 0;
  const percent = old.holdout?.enabled === true && arms + held > 0 ? (held / (arms + held)) * 100 : 10;
  return { ...old, holdout: { ...holdout, percent } };
}
