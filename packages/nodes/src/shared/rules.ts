import { type FieldRule, FieldRuleSchema, type Rule, type RuleGroup } from '@stagecraft/graph';
import { z } from 'zod';

/** Property filters on an event: every rule must hold (`event.` paths only). */
export const EventFiltersSchema = z.array(FieldRuleSchema).max(20, 'at most 20 filters').default([]).meta({
  title: 'Only when',
  description:
    "Optional filters on the event's properties, e.g. event.score greater or equal 9. All must hold.",
});

/** True when a group holds no rules at all, so it matches everyone (`all`) or no one (`any`). */
export function isEmptyGroup(group: RuleGroup): boolean {
  return ('all' in group ? group.all : group.any).length === 0;
}

const SYMBOLS: Record<string, string> = {
  equals: '=',
  not_equals: '≠',
  greater_than: '>',
  greater_or_equal: '≥',
  less_than: '<',
  less_or_equal: '≤',
};

/** A short reading of one rule for canvas summaries: `score ≥ 9`, `did project.created`. */
export function describeRule(rule: Rule): string {
  if ('all' in rule || 'any' in rule) return describeGroup(rule);
  if ('eventCount' in rule) {
    const { event } = rule.eventCount;
    const { operator, value } = rule;
    if ((operator === 'greater_or_equal' && value === 1) || (operator === 'greater_than' && value === 0)) {
      return `did ${event}`;
    }
    if ((operator === 'equals' || operator === 'less_or_equal') && value === 0) return `never did ${event}`;
    return `${event} count ${SYMBOLS[operator]} ${value}`;
  }
  if ('eventOrder' in rule) {
    const { first, second } = rule.eventOrder;
    return `${rule.operator === 'happened' ? '' : 'not '}${first} before ${second}`;
  }
  if ('segmentId' in rule) return `${rule.operator === 'in' ? 'in' : 'not in'} segment ${rule.segmentId}`;
  const field = rule.field.replace(/^(event|profile)\./, '');
  const operator = SYMBOLS[rule.operator] ?? rule.operator.replace(/_/g, ' ');
  const value = rule.value === undefined ? '' : ` ${JSON.stringify(rule.value)}`;
  return `${field} ${operator}${value}`;
}

/** The first rule of a group plus how many more: `plan = "pro" and 2 more`. */
export function describeGroup(group: RuleGroup): string {
  const [rules, joiner] = 'all' in group ? [group.all, 'and'] : [group.any, 'or'];
  return describeList(rules, joiner);
}

/** Event filters read like an `all` group: `score ≥ 9 and 1 more`; empty when there are none. */
export function describeFilters(filters: readonly FieldRule[]): string {
  return describeList(filters, 'and');
}

function describeList(rules: readonly Rule[], joiner: string): string {
  const [first] = rules;
  if (!first) return '';
  const more = rules.length > 1 ? ` ${joiner} ${rules.length - 1} more` : '';
  return `${describeRule(first)}${more}`;
}
