import type { Path } from './context';

/** A rule as the builder edits it: a field rule, an event count or a nested group. */
export type Rule = Record<string, unknown>;

/** What every rule row gets: its rule, where it sits, its number for labels, and how to change it. */
export interface RuleEditorProps {
  rule: Rule;
  path: Path;
  number: string;
  onChange: (rule: Rule) => void;
  onRemove: () => void;
}

/** Operators in words a marketer reads as a sentence: "profile.plan is one of pro, team". */
export const OPERATOR_LABELS: Record<string, string> = {
  equals: 'equals',
  not_equals: 'does not equal',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  greater_than: 'is greater than',
  greater_or_equal: 'is at least',
  less_than: 'is less than',
  less_or_equal: 'is at most',
  exists: 'is set',
  not_exists: 'is not set',
  in: 'is one of',
  not_in: 'is not one of',
  before: 'is before',
  after: 'is after',
};

export /** Event-count comparisons in words. */
const COUNT_LABELS: Record<string, string> = {
  greater_or_equal: 'at least',
  greater_than: 'more than',
  equals: 'exactly',
  not_equals: 'not exactly',
  less_than: 'fewer than',
  less_or_equal: 'at most',
};

/** Operators that compare with nothing. */
export const NO_VALUE = new Set(['exists', 'not_exists']);
/** Operators that compare with a list of values. */
export const LIST = new Set(['in', 'not_in']);
