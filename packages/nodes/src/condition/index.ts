import { RuleGroupSchema, type RuleReach, ruleGroupProblems } from '@stagecraft/graph';
import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { describeGroup, isEmptyGroup } from '../shared/rules';

/** Config of the yes/no condition: one rule group. */
export const ConditionConfigSchema = z.object({
  rules: RuleGroupSchema.meta({
    title: 'Customers go "Yes" when',
    description:
      'Rules over the profile, the event that started the journey, the lifecycle stage, how often an event happened since the customer entered, membership of a saved segment, or lifetime value and churn risk.',
  }),
});

/** Checks rules once and sends the customer down `yes` or `no`. */
export const condition = defineNodeType({
  type: 'condition',
  version: 1,
  title: 'Yes/No condition',
  description:
    'Splits customers in two by rules over their profile, the triggering event, event counts or stage.',
  category: 'flow',
  icon: 'git-branch',
  configSchema: ConditionConfigSchema,
  defaults: { rules: { all: [] } },
  ports: [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ],
  compile: (config) => ({
    exits: [
      { on: 'always', port: 'yes', guard: { type: 'rules', rules: config.rules } },
      { on: 'always', port: 'no' },
    ],
  }),
  validate: (config) => {
    if (isEmptyGroup(config.rules)) {
      const port = 'all' in config.rules ? 'Yes' : 'No';
      return [
        {
          path: 'rules',
          severity: 'warning',
          message: `Add a rule; with none, every customer goes "${port}".`,
        },
      ];
    }
    const scope: RuleReach = {
      roots: ['profile', 'event', 'response', 'clv', 'stage'],
      eventCounts: true,
      segments: true,
      what: 'A condition',
    };
    return ruleGroupProblems(config.rules, 'rules', scope);
  },
  summary: (config) => (isEmptyGroup(config.rules) ? 'No rules yet' : `If ${describeGroup(config.rules)}`),
});
