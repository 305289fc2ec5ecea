import { Validator } from '@cfworker/json-schema';
import { fieldSentence, ruleGroupProblems, ruleListProblems } from '@stagecraft/graph';
import { classify, type JsonSchema, resolve } from './json-schema';

/** Problems by dotted path (`duration.amount`, `arms.1.weight`), each a short sentence. */
export type FieldErrors = Record<string, string>;

/**
 * Checks a value against its schema, so the form can flag a field as the user types; the
 * compiler's diagnostics, which know more, are shown beside these. Whether a value breaks a
 * keyword is decided by a maintained JSON Schema validator (draft 2020-12); this file only walks
 * the form's structure (the chosen option of a union, the rule builder's fields) and words each
 * problem as a sentence for the field.
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
    case 'object': {
      const record = (value ?? {}) as Record<string, unknown>;
      // A required field with a default is not missing: the form shows and saves the default.
      for (const key of schema.required ?? []) {
        const missing = record[key] === undefined || record[key] === '';
        const property = schema.properties?.[key];
        if (missing && property && resolve(property, root).default === undefined)
          errors[join(path, key)] = fieldSentence({ kind: 'missing' });
      }
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (record[key] !== undefined) check(property, record[key], root, join(path, key), errors);
      }
      return;
    }
    case 'array-objects':
    case 'array-scalars': {
      const list = Array.isArray(value) ? value : [];
      const problem = keywordProblem(schema, list);
      if (problem) errors[path] = problem;
      for (const [index, item] of list.entries()) check(field.items, item, root, join(path, index), errors);
      return;
    }
    default: {
      if (value === undefined) return;
      const problem = keywordProblem(schema, value);
      if (problem) errors[path] = problem;
    }
  }
}

/** The keywords that constrain a value itself, as opposed to its parts. */
const OWN_KEYWORDS = [
  'type',
  'const',
  'enum',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
] as const;

/** What each keyword's failure tells the person filling the field: the compiler's sentence too. */
const SENTENCES: Record<string, (schema: JsonSchema) => string> = {
  type: (schema) => fieldSentence({ kind: 'type', expected: String(schema.type) }),
  const: () => fieldSentence({ kind: 'option' }),
  enum: () => fieldSentence({ kind: 'option' }),
  format: () => fieldSentence({ kind: 'format' }),
  pattern: () => fieldSentence({ kind: 'format' }),
  minimum: (schema) => fieldSentence({ kind: 'minimum', limit: Number(schema.minimum) }),
  maximum: (schema) => fieldSentence({ kind: 'maximum', limit: Number(schema.maximum) }),
  exclusiveMinimum: (schema) =>
    fieldSentence({ kind: 'exclusiveMinimum', limit: Number(schema.exclusiveMinimum) }),
  exclusiveMaximum: (schema) =>
    fieldSentence({ kind: 'exclusiveMaximum', limit: Number(schema.exclusiveMaximum) }),
  multipleOf: (schema) => fieldSentence({ kind: 'multipleOf', limit: Number(schema.multipleOf) }),
  minLength: (schema) => fieldSentence({ kind: 'minLength', limit: Number(schema.minLength) }),
  maxLength: (schema) => fieldSentence({ kind: 'maxLength', limit: Number(schema.maxLength) }),
  minItems: (schema) => fieldSentence({ kind: 'minItems', limit: Number(schema.minItems) }),
  maxItems: (schema) => fieldSentence({ kind: 'maxItems', limit: Number(schema.maxItems) }),
  uniqueItems: () => fieldSentence({ kind: 'uniqueItems' }),
};

const validators = new WeakMap<JsonSchema, Validator>();

/** The first of the schema's own keywords the value breaks, as a sentence; undefined when none. */
function keywordProblem(schema: JsonSchema, value: unknown): string | undefined {
  let validator = validators.get(schema);
  if (!validator) {
    const own: Record<string, unknown> = {};
    for (const keyword of OWN_KEYWORDS) if (schema[keyword] !== undefined) own[keyword] = schema[keyword];
    validator = new Validator(own, '2020-12', true);
    validators.set(schema, validator);
  }
  const failed = validator.validate(value).errors.find((unit) => unit.keyword in SENTENCES);
  if (failed) return SENTENCES[failed.keyword]?.(schema);
  // Blank text passes minLength but is empty to a person (and to the trimmed server-side check).
  if (typeof value === 'string' && (schema.minLength ?? 0) > 0 && value.trim() === '')
    return fieldSentence({ kind: 'missing' });
  return undefined;
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
