import { type FieldRule, FieldRuleSchema, type Rule, type RuleGroup } from '@stagecraft/graph';
import type { ConfigProblem } from '@stagecraft/sdk';
import { z } from 'zod';

/** Property filters on an event: every rule must hold (`event.` paths only). */
export const EventFiltersSchema = z.array(FieldRuleSchema).max(20, 'at most 20 filters').default([]).meta({
  title: 'Only when',
  description:
    "Optional filters on the event's properties, e.g. event.score greater or equal 9. All must hold.",
});

/** Which parts of the customer's data a set of rules may read, and whether it may count events. */
export interface RuleScope {
  /** Allowed field roots: `profile`, `event`, `response`, `stage`. */
  roots: readonly string[];
  eventCounts: boolean;
  /** Says what the rules are about, for messages ("An event filter"). */
  what: string;
}

const NUMERIC = new Set(['greater_than', 'greater_or_equal', 'less_than', 'less_or_equal']);
const NO_VALUE = new Set(['exists', 'not_exists']);
const LIST = new Set(['in', 'not_in']);

/** Checks the schema cannot make: a value that fits the operator, and fields the scope may read. */
export function ruleProblems(rule: Rule, path: string, scope: RuleScope): ConfigProblem[] {
  if ('all' in rule) return rule.all.flatMap((child, i) => ruleProblems(child, `${path}.all.${i}`, scope));
  if ('any' in rule) return rule.any.flatMap((child, i) => ruleProblems(child, `${path}.any.${i}`, scope));
  if ('eventCount' in rule) {
    if (!scope.eventCounts) {
      return [{ path, message: `${scope.what} cannot count events; remove the event count rule.` }];
    }
    const filters = { roots: ['event'], eventCounts: false, what: 'An event count filter' };
    return (rule.eventCount.where ?? []).flatMap((child, index) =>
      fieldRuleProblems(child, `${path}.eventCount.where.${index}`, filters),
    );
  }
  return fieldRuleProblems(rule, path, scope);
}

/** Problems of every filter in a list of event property filters. */
export function eventFilterProblems(filters: readonly FieldRule[], path: string): ConfigProblem[] {
  const scope = { roots: ['event'], eventCounts: false, what: 'An event filter' };
  return filters.flatMap((rule, index) => fieldRuleProblems(rule, `${path}.${index}`, scope));
}

function fieldRuleProblems(rule: FieldRule, path: string, scope: RuleScope): ConfigProblem[] {
  const root = rule.field.split('.')[0] ?? '';
  if (!scope.roots.includes(root)) {
    const allowed = scope.roots.map((name) => (name === 'stage' ? '"stage"' : `"${name}."`)).join(' or ');
    return [
      {
        path: `${path}.field`,
        message: `${scope.what} can only read ${allowed} fields, not "${rule.field}".`,
      },
    ];
  }
  const { operator, value } = rule;
  if (NO_VALUE.has(operator)) return [];
  if (LIST.has(operator)) {
    return Array.isArray(value) && value.length > 0
      ? []
      : [
          {
            path: `${path}.value`,
            message: `"${rule.field}" ${operator} needs a list of at least one value.`,
          },
        ];
  }
  if (value === undefined || Array.isArray(value)) {
    return [
      { path: `${path}.value`, message: `"${rule.field}" ${operator} needs a single value to compare with.` },
    ];
  }
  if (NUMERIC.has(operator) && typeof value !== 'number') {
    return [
      { path: `${path}.value`, message: `"${rule.field}" ${operator} compares numbers; enter a number.` },
    ];
  }
  return [];
}

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
