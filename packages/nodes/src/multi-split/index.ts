import { IdSchema, RuleGroupSchema, ruleGroupProblems } from '@stagecraft/graph';
import { type ConfigProblem, defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { isEmptyGroup } from '../shared/rules';

const BranchSchema = z
  .object({
    id: IdSchema.meta({
      title: 'Branch id',
      description: "Stable id of the branch's output; keep it unique.",
    }),
    label: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty; name the branch, e.g. "Big spenders"')
      .max(60, 'must be at most 60 characters')
      .meta({ title: 'Label', description: 'What the canvas shows on this branch.' }),
    rules: RuleGroupSchema.meta({ title: 'Customers take this branch when' }),
  })
  .meta({ title: 'Branch' });

/** Config of the multi-split: ordered branches; the first whose rules hold wins, else `else`. */
export const MultiSplitConfigSchema = z.object({
  branches: z.array(BranchSchema).min(1, 'add at least one branch').max(20, 'at most 20 branches').meta({
    title: 'Branches',
    description: 'Checked top to bottom; a customer takes the first that matches.',
  }),
});

const SCOPE = {
  roots: ['profile', 'event', 'response', 'clv', 'stage'],
  eventCounts: true,
  segments: true,
  what: 'A branch rule',
};

/** Sends each customer down the first branch whose rules hold, or down `else`. */
export const multiSplit = defineNodeType({
  type: 'multi-split',
  version: 1,
  title: 'Multi-way split',
  description:
    'Sends customers down the first branch whose rules match, and everyone else down "Everyone else".',
  category: 'flow',
  icon: 'split',
  configSchema: MultiSplitConfigSchema,
  defaults: { branches: [{ id: 'branch-1', label: 'Branch 1', rules: { all: [] } }] },
  ports: (config) => [
    ...config.branches.map((branch) => ({ id: branch.id, label: branch.label })),
    { id: 'else', label: 'Everyone else' },
  ],
  compile: (config) => ({
    exits: [
      ...config.branches.map((branch) => ({
        on: 'always' as const,
        port: branch.id,
        guard: { type: 'rules' as const, rules: branch.rules },
      })),
      { on: 'always', port: 'else' },
    ],
  }),
  validate: (config) => {
    const problems: ConfigProblem[] = [];
    const seen = new Set<string>();
    config.branches.forEach((branch, index) => {
      const path = `branches.${index}`;
      if (branch.id === 'else') {
        problems.push({
          path: `${path}.id`,
          message: '"else" is reserved for everyone else; rename this branch id.',
        });
      } else if (seen.has(branch.id)) {
        problems.push({
          path: `${path}.id`,
          message: `Two branches share the id "${branch.id}"; give each its own.`,
        });
      }
      seen.add(branch.id);
      if (isEmptyGroup(branch.rules)) {
        problems.push({
          path: `${path}.rules`,
          severity: 'warning',
          message: `Branch "${branch.label}" has no rules yet, so ${'all' in branch.rules ? 'every customer takes it' : 'no customer takes it'}.`,
        });
      } else {
        problems.push(...ruleGroupProblems(branch.rules, `${path}.rules`, SCOPE));
      }
    });
    return problems;
  },
  summary: (config) =>
    `${config.branches.length + 1} ways: ${config.branches.map((b) => b.label).join(', ')}, else`,
});
