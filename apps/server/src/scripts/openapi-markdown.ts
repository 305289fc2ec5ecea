/** The parts of an OpenAPI 3.1 document the reference needs. */
interface Spec {
  info: { title: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
type Schema = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Renders an OpenAPI document as a Markdown reference: one section per tag, one entry per
 * route with its auth, parameters, body and responses written as compact TypeScript-like types.
 */
export function openApiToMarkdown(
  spec: Spec,
  errorCatalog: Record<string, { status: number; message: string }> = {},
): string {
  const out: string[] = [`# ${spec.info.title} reference`, '', spec.info.description ?? '', ''];
  out.push(
    'Generated from the route schemas by `pnpm --filter @stagecraft/server docs:api`; do not edit by hand.',
  );
  out.push('Errors always have the shape `{ error: { code, message, field? } }`.', '');

  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  for (const [tag, routes] of byTag) {
    out.push(`## ${tag}`, '');
    for (const { method, path, op } of routes) out.push(...route(method, path, op));
  }

  const codes = Object.entries(errorCatalog);
  if (codes.length > 0) {
    out.push('## Error codes', '', '| code | status | default message |', '| --- | --- | --- |');
    for (const [code, entry] of codes) out.push(`| \`${code}\` | ${entry.status} | ${entry.message} |`);
    out.push('');
  }

  // Input and output variants of a schema differ only in defaults; the reference shows one.
  const schemas = Object.entries(spec.components?.schemas ?? {}).filter(
    ([name]) => !(name.endsWith('Input') && spec.components?.schemas?.[name.slice(0, -5)]),
  );
  if (schemas.length > 0) {
    out.push('## Shared types', '');
    for (const [name, schema] of schemas) {
      out.push(`### ${name}`, '', ...(schema.description ? [String(schema.description), ''] : []));
      out.push('```ts', `type ${name} = ${typeOf(schema, 0)};`, '```', '');
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function route(method: string, path: string, op: Operation): string[] {
  const lines = [`### ${method.toUpperCase()} ${path}`, ''];
  if (op.summary) lines.push(`${op.summary}.`.replace(/\.\.$/, '.'), '');
  if (op.description) lines.push(op.description, '');
  const auth = op.security?.flatMap((s) => Object.keys(s)) ?? [];
  lines.push(
    `Auth: ${auth.length === 0 ? 'none' : auth.map((a) => (a === 'adminToken' ? 'Bearer admin token' : 'write key (HTTP Basic user)')).join(' or ')}`,
    '',
  );
  const params = op.parameters ?? [];
  if (params.length > 0) {
    lines.push('| parameter | in | type | required |', '| --- | --- | --- | --- |');
    for (const p of params)
      lines.push(
        `| \`${p.name}\` | ${p.in} | \`${typeOf(p.schema ?? {}, 0)}\` | ${p.required ? 'yes' : 'no'} |`,
      );
    lines.push('');
  }
  const body = op.requestBody?.content?.['application/json']?.schema;
  if (body) lines.push('Body:', '', '```ts', typeOf(body, 0), '```', '');
  const errors: string[] = [];
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const schema = response.content?.['application/json']?.schema;
    const type = schema ? typeOf(schema, 0) : 'empty';
    if (Number(status) >= 400 && type === 'Error') errors.push(status);
    else if (type.includes('\n')) lines.push(`Response ${status}:`, '', '```ts', type, '```', '');
    else lines.push(`Response ${status}: \`${type}\``, '');
  }
  if (errors.length > 0) lines.push(`Errors: ${errors.join(', ')} (see \`Error\`)`, '');
  return lines;
}

/** A compact TypeScript-like rendering of a JSON Schema. */
export function typeOf(schema: Schema | boolean, depth: number): string {
  // JSON Schema allows `true` (anything) and `false` (nothing) as schemas.
  if (typeof schema === 'boolean') return schema ? 'unknown' : 'never';
  if (typeof schema.$ref === 'string')
    return schema.$ref
      .split('/')
      .pop()!
      .replace(/Input$/, '');
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return [...new Set(union.map((s) => typeOf(s, depth)))].join(' | ');
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => typeOf({ ...schema, type: t }, depth)).join(' | ');
  if (type === 'array') {
    const item = typeOf((schema.items as Schema) ?? {}, depth);
    return item.includes(' | ') || item.includes('\n') ? `Array<${item}>` : `${item}[]`;
  }
  if (type === 'object' || schema.properties) return objectType(schema, depth);
  if (type === 'integer') return 'number';
  if (typeof type === 'string') return type;
  return 'unknown';
}

function objectType(schema: Schema, depth: number): string {
  const properties = Object.entries((schema.properties as Record<string, Schema>) ?? {});
  const extra = schema.additionalProperties;
  if (properties.length === 0) {
    return extra && typeof extra === 'object'
      ? `Record<string, ${typeOf(extra as Schema, depth)}>`
      : 'object';
  }
  if (depth >= 3) return 'object';
  const required = new Set((schema.required as string[]) ?? []);
  const pad = '  '.repeat(depth + 1);
  const fields = properties.map(([name, value]) => {
    const note = typeof value.description === 'string' ? ` // ${value.description}` : '';
    return `${pad}${name}${required.has(name) ? '' : '?'}: ${typeOf(value, depth + 1)};${note}`;
  });
  return `{\n${fields.join('\n')}\n${'  '.repeat(depth)}}`;
}
