/**
 * What a field's value breaks, in terms both the editor's JSON Schema check and the compiler's
 * schema check can name, so that both word the problem the same way (`fieldSentence`).
 */
export type FieldConstraint =
  | { kind: 'missing' }
  | { kind: 'type'; expected: string }
  | { kind: 'option' }
  | { kind: 'format' }
  | {
      kind:
        | 'minimum'
        | 'maximum'
        | 'exclusiveMinimum'
        | 'exclusiveMaximum'
        | 'multipleOf'
        | 'minLength'
        | 'maxLength'
        | 'minItems'
        | 'maxItems';
      limit: number;
    }
  | { kind: 'uniqueItems' };

/** The sentence shown under a field for a broken constraint. */
export function fieldSentence(constraint: FieldConstraint): string {
  switch (constraint.kind) {
    case 'missing':
      return 'Fill this in.';
    case 'type':
      if (constraint.expected === 'integer' || constraint.expected === 'int') return 'Enter a whole number.';
      if (constraint.expected === 'number') return 'Enter a number.';
      if (constraint.expected === 'boolean') return 'Choose yes or no.';
      if (constraint.expected === 'array') return 'Enter a list.';
      if (constraint.expected === 'object') return 'Fill in these settings.';
      return 'Enter text.';
    case 'option':
      return 'Pick one of the options.';
    case 'format':
      return 'This is not in the expected format.';
    case 'minimum':
      return `Must be ${constraint.limit} or more.`;
    case 'maximum':
      return `Must be ${constraint.limit} or less.`;
    case 'exclusiveMinimum':
      return `Must be more than ${constraint.limit}.`;
    case 'exclusiveMaximum':
      return `Must be less than ${constraint.limit}.`;
    case 'multipleOf':
      return `Must be a multiple of ${constraint.limit}.`;
    case 'minLength':
      return constraint.limit === 1 ? 'Fill this in.' : `At least ${constraint.limit} characters.`;
    case 'maxLength':
      return `At most ${constraint.limit} characters.`;
    case 'minItems':
      return constraint.limit === 1 ? 'Add at least one.' : `Add at least ${constraint.limit}.`;
    case 'maxItems':
      return `At most ${constraint.limit}.`;
    case 'uniqueItems':
      return 'Each entry must be different.';
  }
}

/** A schema issue as zod reports it, with the value at its path; only the fields read here. */
export interface SchemaIssue {
  code: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  divisor?: number | bigint;
}

/**
 * The constraint a zod issue reports, whatever its message says, or null for an issue of
 * another kind (a node type's own check).
 */
export function constraintOfIssue(issue: SchemaIssue): FieldConstraint | null {
  const bound = (value: number | bigint | undefined) => Number(value ?? 0);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { kind: 'missing' }
        : { kind: 'type', expected: issue.expected ?? '' };
    case 'invalid_value':
    case 'invalid_union':
      return { kind: 'option' };
    case 'invalid_format':
      return { kind: 'format' };
    case 'not_multiple_of':
      return { kind: 'multipleOf', limit: bound(issue.divisor) };
    case 'too_small': {
      const limit = bound(issue.minimum);
      if (issue.origin === 'string') return { kind: 'minLength', limit };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'minItems', limit };
      return { kind: issue.inclusive === false ? 'exclusiveMinimum' : 'minimum', limit };
    }
    case 'too_big': {
      const limit = bound(issue.maximum);
      if (issue.origin === 'string') return { kind: 'maxLength', limit };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'maxItems', limit };
      return { kind: issue.inclusive === false ? 'exclusiveMaximum' : 'maximum', limit };
    }
    default:
      return null;
  }
}
