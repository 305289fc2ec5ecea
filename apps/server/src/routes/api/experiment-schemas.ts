import { z } from 'zod';

const Interval = z.tuple([z.number(), z.number()]);
const ChiSquare = z.object({ chiSquare: z.number(), df: z.number().int(), pValue: z.number() });

const DecisionSchema = z
  .object({
    decision: z.enum(['stopped', 'promoted']),
    arm: z.string().nullable().describe('The promoted arm'),
    keepHoldout: z.boolean().nullable(),
    version: z.number().int().nullable().describe('The version the promotion published'),
    migrated: z.number().int().nullable().describe('Runs moved onto that version, when asked'),
    decidedBy: z.string().describe('The credential that decided: kind and id'),
    decidedAt: z.string(),
  })
  .meta({ id: 'ExperimentDecision' });

/** One experiment with its results, as docs/experiments.md explains each figure. */
export const ExperimentSchema = z
  .object({
    nodeId: z.string(),
    name: z.string(),
    status: z.enum(['running', 'stopped']),
    goal: z.object({ event: z.string().nullable(), windowDays: z.number().int() }),
    control: z.string(),
    arms: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        weight: z.number().describe('Share of everyone entering the split, in percent'),
        holdout: z.boolean(),
        entered: z.number().int(),
        converted: z.number().int(),
        rate: z.number(),
        ci: Interval.describe('95% Wilson interval of the rate (1 - alpha in general)'),
      }),
    ),
    comparisons: z.array(
      z.object({
        arm: z.string().describe('An arm, or "all" for every arm pooled against the holdout'),
        against: z.string(),
        lift: z.number().describe('Absolute difference of rates'),
        liftCi: Interval,
        relativeLift: z.number().nullable(),
        pValue: z.number().describe('Two-sided pooled two-proportion z-test'),
        pValueAdjusted: z.number().describe('Holm-Bonferroni across the comparisons'),
        sequential: z
          .object({ pValue: z.number(), liftCi: Interval })
          .describe('Always valid: safe to look daily'),
        probabilityBest: z.number(),
      }),
    ),
    overall: ChiSquare,
    srm: ChiSquare.extend({ flagged: z.boolean() }),
    sampleSize: z.object({
      plannedPerArm: z.number().int().nullable(),
      smallestArm: z.number().int(),
      reached: z.boolean(),
    }),
    verdict: z.string(),
    entriesPerDay: z.number().describe('Customers assigned per day, averaged over the last seven days'),
    decision: DecisionSchema.nullable(),
  })
  .meta({ id: 'Experiment' });

/** One line of the workspace's experiment list. */
export const ExperimentSummarySchema = z
  .object({
    journeyId: z.string(),
    journeyName: z.string(),
    nodeId: z.string(),
    name: z.string(),
    status: z.enum(['running', 'stopped']),
    verdict: z.string(),
    arms: z.number().int(),
    entered: z.number().int(),
    sampleSize: z.object({
      plannedPerArm: z.number().int().nullable(),
      smallestArm: z.number().int(),
      reached: z.boolean(),
    }),
    srmFlagged: z.boolean(),
    decision: DecisionSchema.nullable(),
  })
  .meta({ id: 'ExperimentSummary' });

/** One line of the workspace's experiment list, as the API answers it. */
export type ExperimentSummary = z.infer<typeof ExperimentSummarySchema>;
