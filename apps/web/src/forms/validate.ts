import { ruleGroupProblems, ruleListProblems } from '@stagecraft/graph';
import { classify, type JsonSchema, resolve } from './json-schema';

/** Problems by dotted path (`duration.amount`, `arms.1.weight`), each a short sentence. */
export type FieldErrors = Record<string, string>;

/**
 * Checks a value against the schema's plain constraints, so the form can flag a field as the user
 * types; the compiler's diagnostics, which know more, are shown beside these.
 */
export function validateValue(schema: JsonSchema, value: unknown, root: JsonSchema, path = ''): FieldErrors {
  const errors: FieldErrors = {};
  check(schema, value, root, path, errors);
  return errors;
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

function check(input: JsonSchema, value: unknown, root: JsonSchema, path: string, errors: FieldErrors): void {
  const schema = resolve(input, root);
  const field = classify(schema, root);
  switch (field.kind) {
    case 'nullable':
      if (value !== null && value !== undefined) check(field.inner, value, root, path, errors);
      return;
    case 'union': {
      const tag = (value as Record<string, unknown> | null)?.[field.discriminator];
      const option = field.options.find(
        (candidate) => candidate.properties?.[field.discriminator]?.const === tag,
      );
      if (option) check(option, value, root, path, errors);
      else errors[join(path, field.discriminator)] = 'Pick one of the options.';
      return;
    }
    case 'rule-group':
    case 'rule-list':
      ruleErrors(field.kind, value, path, errors);
      return;
    case 'string':
      checkString(schema, value, path, errors);
      return;
    case 'number':
      checkNumber(schema, value, field.integer, path, errors);
      return;
    case 'enum':
      if (value !== undefined && !field.values.includes(value)) errors[path] = 'Pick one of the options.';
      return;
    case 'object': {
      const record = (value ?? {}) as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        const missing = record[key] === undefined || record[key] === '';
        const property = schema.properties?.[key];
        if (missing && property && resolve(property, root).default === undefined)
          errors[join(path, key)] = 'Fill this in.';
      }
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (record[key] !== undefined) check(property, record[key], root, join(path, key), errors);
      }
      return;
    }
    case 'array-objects':
    case 'array-scalars': {
      const list = Array.isArray(value) ? value : [];
      if (schema.minItems !== undefined && list.length < schema.minItems) {
        errors[path] = schema.minItems === 1 ? 'Add at least one.' : `Add at least ${schema.minItems}.`;
      }
      if (schema.maxItems !== undefined && list.length > schema.maxItems)
        errors[path] = `At most ${schema.maxItems}.`;
      for (const [index, item] of list.entries()) check(field.items, item, root, join(path, index), errors);
      return;
    }
    default:
      return;
  }
}

function checkString(schema: JsonSchema, value: unknown, path: string, errors: FieldErrors): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    errors[path] = 'Enter text.';
    return;
  }
  if ((schema.minLength ?? 0) > 0 && value.trim() === '') errors[path] = 'Fill this in.';
  else if (schema.minLength !== undefined && value.length < schema.minLength) {
    errors[path] = `At least ${schema.minLength} characters.`;
  } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    errors[path] = `At most ${schema.maxLength} characters.`;
  } else if (schema.pattern && value !== '' && !safeTest(schema.pattern, value)) {
    errors[path] = 'This is not in the expected format.';
  }
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

function checkNumber(
  schema: JsonSchema,
  value: unknown,
  integer: boolean,
  path: string,
  errors: FieldErrors,
): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value)) errors[path] = 'Enter a number.';
  else if (integer && !Number.isInteger(value)) errors[path] = 'Enter a whole number.';
  else if (schema.minimum !== undefined && value < schema.minimum)
    errors[path] = `Must be ${schema.minimum} or more.`;
  else if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    errors[path] = `Must be more than ${schema.exclusiveMinimum}.`;
  } else if (schema.maximum !== undefined && value > schema.maximum)
    errors[path] = `Must be ${schema.maximum} or less.`;
  else if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
    errors[path] = `Must be less than ${schema.exclusiveMaximum}.`;
  }
}

// ---- Seam: rules -------------------------------------------------------------------------------
// Rules are checked by @stagecraft/graph, the same checks the compiler runs when it validates a
// node, so the form and the problems list say the same thing. Whatever validates the rest of the
// schema, rule fields go through this function and nowhere else.

/** Adds the problems of a rule group or a list of rules, keyed by path, first problem per path. */
export function ruleErrors(
  kind: 'rule-group' | 'rule-list',
  value: unknown,
  path: string,
  errors: FieldErrors,
): void {
  if (kind === 'rule-list' && value === undefined) return;
  const problems = kind === 'rule-group' ? ruleGroupProblems(value, path) : ruleListProblems(value, path);
  for (const problem of problems) errors[problem.path] ??= problem.message;
}
