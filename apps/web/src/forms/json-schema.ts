/** The parts of JSON Schema (2020-12, as zod's `toJSONSchema` writes it) that forms are built from. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  format?: string;
  [keyword: string]: unknown;
}

/** Follows a local `$ref` (`#/$defs/x`), keeping the referring schema's title and description. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const target = lookup(root, current.$ref);
    if (!target) break;
    const { $ref: _ref, ...own } = current;
    current = { ...target, ...own };
  }
  return current;
}

function lookup(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[
      decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))
    ];
  }
  return node as JsonSchema | undefined;
}

function types(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

function variants(schema: JsonSchema): JsonSchema[] | undefined {
  return schema.oneOf ?? schema.anyOf;
}

/** The editor a schema gets. Rule groups and filter lists get the rule builder; unknown shapes get raw JSON. */
export type FieldKind =
  | { kind: 'rule-group' }
  | { kind: 'rule-list' }
  | { kind: 'nullable'; inner: JsonSchema }
  | { kind: 'union'; discriminator: string; options: JsonSchema[] }
  | { kind: 'scalar' }
  | { kind: 'enum'; values: unknown[] }
  | { kind: 'string' }
  | { kind: 'number'; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'object' }
  | { kind: 'array-objects'; items: JsonSchema }
  | { kind: 'array-scalars'; items: JsonSchema }
  | { kind: 'json' };

/** True for the rule-group shape `{ all: Rule[] } | { any: Rule[] }`. */
export function isRuleGroup(schema: JsonSchema, root: JsonSchema): boolean {
  const options = variants(resolve(schema, root));
  if (!options || options.length < 2) return false;
  const keys = options.map((option) => Object.keys(resolve(option, root).properties ?? {}).join());
  return keys.includes('all') && keys.includes('any');
}

/** True for a list of field rules (`{ field, operator, value }`), as event filters are. */
export function isRuleList(schema: JsonSchema, root: JsonSchema): boolean {
  const resolved = resolve(schema, root);
  if (!types(resolved).includes('array') || !resolved.items) return false;
  const properties = resolve(resolved.items, root).properties ?? {};
  return 'field' in properties && 'operator' in properties;
}

/** Decides which editor a schema gets. */
export function classify(input: JsonSchema, root: JsonSchema): FieldKind {
  const schema = resolve(input, root);
  if (isRuleGroup(schema, root)) return { kind: 'rule-group' };
  if (isRuleList(schema, root)) return { kind: 'rule-list' };
  const options = variants(schema)?.map((option) => resolve(option, root));
  if (options) {
    const nonNull = options.filter((option) => !(types(option).length === 1 && types(option)[0] === 'null'));
    if (nonNull.length === 1 && options.length === 2 && nonNull[0])
      return { kind: 'nullable', inner: nonNull[0] };
    const discriminator = findDiscriminator(nonNull);
    if (discriminator && nonNull.length === options.length)
      return { kind: 'union', discriminator, options: nonNull };
    if (options.every((option) => types(option).every((type) => type !== 'object' && type !== 'array'))) {
      return { kind: 'scalar' };
    }
    return { kind: 'json' };
  }
  const kinds = types(schema);
  if (schema.enum) return { kind: 'enum', values: schema.enum };
  if (kinds.length > 1) {
    const nonNull = kinds.filter((type) => type !== 'null');
    if (nonNull.length === 1 && kinds.includes('null')) {
      return { kind: 'nullable', inner: { ...schema, type: nonNull[0] } };
    }
    return { kind: 'scalar' };
  }
  switch (kinds[0]) {
    case 'string':
      return { kind: 'string' };
    case 'integer':
    case 'number':
      return { kind: 'number', integer: kinds[0] === 'integer' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'object':
      return schema.properties ? { kind: 'object' } : { kind: 'json' };
    case 'array': {
      const items = schema.items ? resolve(schema.items, root) : undefined;
      if (!items) return { kind: 'json' };
      const itemKinds = types(items);
      if (itemKinds.includes('object')) return { kind: 'array-objects', items };
      if (itemKinds.some((type) => ['string', 'number', 'integer'].includes(type)) || items.enum) {
        return { kind: 'array-scalars', items };
      }
      return { kind: 'json' };
    }
    default:
      return schema.const !== undefined ? { kind: 'enum', values: [schema.const] } : { kind: 'json' };
  }
}

/** The property whose `const` tells the variants of a union apart (`mode`, `policy`). */
function findDiscriminator(options: JsonSchema[]): string | null {
  const [first, ...rest] = options;
  if (!first?.properties || rest.length === 0) return null;
  for (const [key, property] of Object.entries(first.properties)) {
    if (property.const === undefined) continue;
    if (rest.every((option) => option.properties?.[key]?.const !== undefined)) return key;
  }
  return null;
}

/** A sensible starting value for a schema: its default, else the emptiest valid-looking value. */
export function defaultFor(input: JsonSchema, root: JsonSchema): unknown {
  const schema = resolve(input, root);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  const field = classify(schema, root);
  switch (field.kind) {
    case 'rule-group':
      return { all: [] };
    case 'rule-list':
    case 'array-objects':
    case 'array-scalars':
      return [];
    case 'nullable':
      return null;
    case 'union':
      return defaultFor(field.options[0] ?? {}, root);
    case 'enum':
      return field.values[0];
    case 'string':
    case 'scalar':
      return '';
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
    case 'boolean':
      return false;
    case 'object': {
      // Required fields and fields with a declared default start filled; other optional ones stay unset.
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(key) ?? false;
        if (required || resolve(property, root).default !== undefined)
          value[key] = defaultFor(property, root);
      }
      return value;
    }
    case 'json':
      return null;
  }
}

/** "timeoutMs" -> "Timeout ms", for properties without a title. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A write-only value (a plugin setting marked secret): typed in a password field, shown masked by the server. */
export function isSecret(schema: JsonSchema): boolean {
  return schema.secret === true || schema.writeOnly === true;
}
