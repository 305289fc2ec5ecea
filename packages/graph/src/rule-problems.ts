import { EventNameSchema } from './ids';
import { CLV_FIELDS, FieldPathSchema, MAX_RULE_DEPTH, OperatorSchema, SegmentIdSchema } from './rules';

/** A problem with one part of a rule: where it is (dotted, from the caller's path) and how to fix it. */
export interface RuleProblem {
  path: string;
  message: string;
}

/** Which parts of the customer's data a set of rules may read, and whether it may count events. */
export interface RuleReach {
  /** Allowed field roots: `profile`, `event`, `response`, `clv`, `stage`. */
  roots: readonly string[];
  eventCounts: boolean;
  /** Whether the rules may ask about membership of a saved segment. */
  segments?: boolean;
  /** Says what the rules are about, for messages ("An event filter"). */
  what: string;
}

/** Rules that may read everything: what a form knows before the node type narrows it. */
export const ANY_RULE: RuleReach = {
  roots: ['profile', 'event', 'response', 'clv', 'stage'],
  eventCounts: true,
  segments: true,
  what: 'A rule',
};

const EVENT_FILTER: RuleReach = { roots: ['event'], eventCounts: false, what: 'An event filter' };
const COUNT_FILTER: RuleReach = { roots: ['event'], eventCounts: false, what: 'An event count filter' };
const MAX_GROUP = 50;
const MAX_FILTERS = 20;
const NUMERIC = new Set(['greater_than', 'greater_or_equal', 'less_than', 'less_or_equal']);
const NO_VALUE = new Set(['exists', 'not_exists']);
const LIST = new Set(['in', 'not_in']);

/**
 * Every problem of a rule group, for the compiler (after the schema read it) and for the editor
 * (while it is typed, so any shape is accepted and none throws): the one definition of a valid rule.
 */
export function ruleGroupProblems(group: unknown, path: string, reach: RuleReach = ANY_RULE): RuleProblem[] {
  return groupProblems(group, path, reach, 0);
}

/** Problems of one rule: a comparison, an event count or a nested group. */
export function ruleProblems(rule: unknown, path: string, reach: RuleReach = ANY_RULE): RuleProblem[] {
  return oneRuleProblems(rule, path, reach, 0);
}

/** Problems of a list of comparisons that must all hold, such as a node's property filters. */
export function ruleListProblems(filters: unknown, path: string, reach: RuleReach = ANY_RULE): RuleProblem[] {
  return filterListProblems(filters, path, reach);
}

/** Problems of a list of event property filters (`event.` fields only, every one must hold). */
export function eventFilterProblems(filters: unknown, path: string): RuleProblem[] {
  return filterListProblems(filters, path, EVENT_FILTER);
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function groupProblems(group: unknown, path: string, reach: RuleReach, depth: number): RuleProblem[] {
  const record = group as { all?: unknown; any?: unknown } | null;
  const key = Array.isArray(record?.all) ? 'all' : Array.isArray(record?.any) ? 'any' : null;
  if (!key || !record) return [{ path, message: 'Add rules with "All" or "Any".' }];
  if (depth >= MAX_RULE_DEPTH) {
    return [{ path, message: `Groups are nested more than ${MAX_RULE_DEPTH} deep; flatten them.` }];
  }
  const rules = record[key] as unknown[];
  if (rules.length > MAX_GROUP) {
    return [{ path: join(path, key), message: `A group holds at most ${MAX_GROUP} rules; split it.` }];
  }
  return rules.flatMap((rule, index) =>
    oneRuleProblems(rule, join(join(path, key), index), reach, depth + 1),
  );
}

function oneRuleProblems(rule: unknown, path: string, reach: RuleReach, depth: number): RuleProblem[] {
  if (rule === null || typeof rule !== 'object') return [{ path, message: 'Pick a field to compare.' }];
  if ('all' in rule || 'any' in rule) return groupProblems(rule, path, reach, depth);
  if ('eventCount' in rule) return eventCountProblems(rule as Record<string, unknown>, path, reach);
  if ('eventOrder' in rule) return eventOrderProblems(rule as Record<string, unknown>, path, reach);
  if ('segmentId' in rule) return membershipProblems(rule as Record<string, unknown>, path, reach);
  return fieldRuleProblems(rule as Record<string, unknown>, path, reach);
}

function filterListProblems(filters: unknown, path: string, reach: RuleReach): RuleProblem[] {
  if (filters === undefined) return [];
  if (!Array.isArray(filters)) return [{ path, message: 'Filters must be a list of rules.' }];
  if (filters.length > MAX_FILTERS)
    return [{ path, message: `At most ${MAX_FILTERS} filters; remove some.` }];
  return filters.flatMap((filter, index) =>
    filter !== null && typeof filter === 'object'
      ? fieldRuleProblems(filter as Record<string, unknown>, join(path, index), reach)
      : [{ path: join(path, index), message: 'Pick a field to compare.' }],
  );
}

function eventCountProblems(rule: Record<string, unknown>, path: string, reach: RuleReach): RuleProblem[] {
  if (!reach.eventCounts) {
    return [{ path, message: `${reach.what} cannot count events; remove the event count rule.` }];
  }
  const problems: RuleProblem[] = [];
  const count = (rule.eventCount ?? {}) as Record<string, unknown>;
  const countPath = join(path, 'eventCount');
  if (!EventNameSchema.safeParse(count.event).success) {
    problems.push({
      path: join(countPath, 'event'),
      message: 'Name the event to count, e.g. order.completed.',
    });
  }
  const within = count.withinSeconds;
  if (within !== undefined && !(Number.isInteger(within) && (within as number) > 0)) {
    problems.push({
      path: join(countPath, 'withinSeconds'),
      message: 'The window must be a whole number of seconds, more than 0.',
    });
  }
  const operator = String(rule.operator ?? '');
  if (!NUMERIC.has(operator) && operator !== 'equals' && operator !== 'not_equals') {
    problems.push({ path: join(path, 'operator'), message: 'Pick how to compare the count.' });
  }
  const value = rule.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    problems.push({ path: join(path, 'value'), message: 'Enter a whole number, 0 or more.' });
  }
  problems.push(...filterListProblems(count.where, join(countPath, 'where'), COUNT_FILTER));
  return problems;
}

function eventOrderProblems(rule: Record<string, unknown>, path: string, reach: RuleReach): RuleProblem[] {
  if (!reach.eventCounts) {
    return [
      { path, message: `${reach.what} cannot ask about the order of events; remove the event order rule.` },
    ];
  }
  const problems: RuleProblem[] = [];
  const order = (rule.eventOrder ?? {}) as Record<string, unknown>;
  const orderPath = join(path, 'eventOrder');
  if (!EventNameSchema.safeParse(order.first).success) {
    problems.push({
      path: join(orderPath, 'first'),
      message: 'Name the event that comes first, e.g. pricing.viewed.',
    });
  }
  if (!EventNameSchema.safeParse(order.second).success) {
    problems.push({
      path: join(orderPath, 'second'),
      message: 'Name the event that comes after it, e.g. trial.started.',
    });
  }
  const within = order.withinSeconds;
  if (within !== undefined && !(Number.isInteger(within) && (within as number) > 0)) {
    problems.push({
      path: join(orderPath, 'withinSeconds'),
      message: 'The window must be a whole number of seconds, more than 0.',
    });
  }
  if (rule.operator !== 'happened' && rule.operator !== 'not_happened') {
    problems.push({ path: join(path, 'operator'), message: 'Pick "happened" or "did not happen".' });
  }
  return problems;
}

function membershipProblems(rule: Record<string, unknown>, path: string, reach: RuleReach): RuleProblem[] {
  if (!reach.segments) {
    return [{ path, message: `${reach.what} cannot ask about saved segments; remove the segment rule.` }];
  }
  const problems: RuleProblem[] = [];
  if (!SegmentIdSchema.safeParse(rule.segmentId).success) {
    problems.push({ path: join(path, 'segmentId'), message: 'Pick a saved segment.' });
  }
  if (rule.operator !== 'in' && rule.operator !== 'not_in') {
    problems.push({ path: join(path, 'operator'), message: 'Pick "is in" or "is not in".' });
  }
  return problems;
}

function fieldRuleProblems(rule: Record<string, unknown>, path: string, reach: RuleReach): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const field = typeof rule.field === 'string' ? rule.field : '';
  const name = field || 'the field';
  if (!field) problems.push({ path: join(path, 'field'), message: 'Pick a field, e.g. profile.plan.' });
  else if (!FieldPathSchema.safeParse(field).success) {
    problems.push({
      path: join(path, 'field'),
      message: field.startsWith('clv.')
        ? `"${field.slice(0, 100)}" is not a lifetime value; use clv.${CLV_FIELDS.join(', clv.')}.`
        : `"${field.slice(0, 100)}" is not a field; start with "profile.", "event." or "response.", or use "stage".`,
    });
  } else if (!reach.roots.includes(field.split('.')[0] ?? '')) {
    const allowed = reach.roots.map((root) => (root === 'stage' ? '"stage"' : `"${root}."`)).join(' or ');
    problems.push({
      path: join(path, 'field'),
      message: `${reach.what} can only read ${allowed} fields, not "${field}".`,
    });
    // A field the rules may not read makes its value beside the point.
    return problems;
  }
  const operator = rule.operator;
  if (!OperatorSchema.safeParse(operator).success) {
    problems.push({ path: join(path, 'operator'), message: 'Pick how to compare, e.g. equals.' });
    return problems;
  }
  const value = rule.value;
  const subject = `"${name}" ${operator}`;
  if (NO_VALUE.has(operator as string)) return problems;
  if (LIST.has(operator as string)) {
    if (!Array.isArray(value) || value.length === 0) {
      problems.push({ path: join(path, 'value'), message: `${subject} needs a list of at least one value.` });
    }
  } else if (value === undefined || Array.isArray(value)) {
    problems.push({ path: join(path, 'value'), message: `${subject} needs a single value to compare with.` });
  } else if (NUMERIC.has(operator as string) && typeof value !== 'number') {
    problems.push({ path: join(path, 'value'), message: `${subject} compares numbers; enter a number.` });
  }
  return problems;
}
