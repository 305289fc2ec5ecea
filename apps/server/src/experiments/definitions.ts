import type { EventMatcher, JourneyDocument } from '@stagecraft/graph';
import {
  type RandomSplitConfig,
  RandomSplitConfigSchema,
  randomSplit,
  type SplitShare,
  splitShares,
} from '@stagecraft/nodes';
import type { SamplePlan } from '@stagecraft/stats';

/** The node type whose every node is an experiment. */
export const SPLIT_TYPE = randomSplit.type;

/** A random split read as an experiment: its arms, control, goal, window and sample plan. */
export interface ExperimentDefinition {
  nodeId: string;
  name: string;
  config: RandomSplitConfig;
  /** Arms and the holdout with their share of everyone, in percent. */
  shares: SplitShare[];
  control: string;
  /** What counts as a conversion; null when the split follows a journey that has no goal. */
  goal: EventMatcher | null;
  windowDays: number;
  plan: SamplePlan;
}

/**
 * The experiments of a journey document: one per random split whose config reads (configs of
 * older versions of the node type are upgraded first, as the compiler does).
 */
export function experimentsOf(document: JourneyDocument): ExperimentDefinition[] {
  const found: ExperimentDefinition[] = [];
  for (const node of document.nodes) {
    if (node.type !== SPLIT_TYPE) continue;
    const config = splitConfig(node.config, node.typeVersion);
    if (!config) continue;
    const goal =
      config.goal.source === 'event'
        ? config.goal.event
          ? { event: config.goal.event, where: config.goal.where }
          : null
        : (document.settings.goal?.event ?? null);
    found.push({
      nodeId: node.id,
      name: node.label ?? 'A/B split',
      config,
      shares: splitShares(config),
      control: config.arms.some((arm) => arm.id === config.control) ? config.control! : config.arms[0]!.id,
      goal,
      windowDays: config.attributionWindowDays,
      plan: {
        baseline: config.plan.baselinePercent / 100,
        minimumDetectableEffect: config.plan.minimumDetectableEffectPercent / 100,
        power: config.plan.powerPercent / 100,
        alpha: config.plan.alphaPercent / 100,
      },
    });
  }
  return found;
}

/** A split's config as saved, upgraded and parsed; null when it does not read. */
export function splitConfig(config: unknown, typeVersion: number): RandomSplitConfig | null {
  const upgraded =
    typeVersion < randomSplit.version && randomSplit.migrate
      ? randomSplit.migrate(config, typeVersion)
      : config;
  const parsed = RandomSplitConfigSchema.safeParse(upgraded);
  return parsed.success ? parsed.data : null;
}
