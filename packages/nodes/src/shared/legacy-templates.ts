/**
 * Templates written before Liquid: `{{ profile.first_name }}` and `{{ profile.first_name | "there" }}`
 * (or single quotes), where braces around anything else stayed as written. Only `migrate` reads
 * this syntax, to turn a saved template into Liquid that renders the same text.
 */

const FIELD = /^(stage|(profile|event|response)(\.[A-Za-z0-9_$-]+)+)$/;
const INNER = /^\s*([^\s|]+)\s*(?:\|\s*(?:"([^"]*)"|'([^']*)')\s*)?$/;
const MAX_VARIABLE_PATH = 200;
const MAX_FALLBACK = 500;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

type LegacyToken =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; path: string; fallback?: string; quote: '"' | "'"; compact: boolean };

/**
 * A config saved before Liquid, with each template field rewritten by `legacyToLiquid`: the named
 * text fields, and the `value` of each entry of a list field (HTTP headers). Anything else is kept.
 */
export function migrateTemplateFields(
  config: unknown,
  fields: readonly string[],
  listField?: string,
): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return config;
  const out: Record<string, unknown> = { ...config };
  for (const field of fields) {
    const value = out[field];
    if (typeof value === 'string') out[field] = legacyToLiquid(value);
  }
  const list = listField === undefined ? undefined : out[listField];
  if (listField !== undefined && Array.isArray(list)) {
    out[listField] = list.map((entry: unknown) => {
      const value = (entry as { value?: unknown } | null)?.value;
      return typeof value === 'string' ? { ...(entry as object), value: legacyToLiquid(value) } : entry;
    });
  }
  return out;
}

/**
 * The Liquid template that renders as the old template did: each variable keeps its path and its
 * fallback becomes `default` (which, like the fallback, applies to a missing or empty value, and
 * with `allow_false` leaves `false` alone); text that Liquid would read as markup, such as braces
 * that were never a variable, is kept verbatim inside `{% raw %}`.
 */
export function legacyToLiquid(template: string): string {
  if (!template.includes('{')) return template;
  const tokens = tokenize(template);
  let out = '';
  tokens.forEach((token, index) => {
    if (token.kind === 'variable') {
      out += variable(token);
      return;
    }
    out += literal(token.text, tokens[index + 1]?.kind === 'variable');
  });
  return out;
}

/** The variable in Liquid, without spaces when it had none (a URL must stay a valid URL). */
function variable(token: Extract<LegacyToken, { kind: 'variable' }>): string {
  const [root = '', ...rest] = token.path.split('.');
  const path =
    root + rest.map((segment) => (IDENTIFIER.test(segment) ? `.${segment}` : `["${segment}"]`)).join('');
  const space = token.compact ? '' : ' ';
  if (token.fallback === undefined) return `{{${space}${path}${space}}}`;
  const fallback = `${token.quote}${token.fallback.replaceAll('\\', '\\\\')}${token.quote}`;
  return token.compact
    ? `{{${path}|default:${fallback},allow_false:true}}`
    : `{{ ${path} | default: ${fallback}, allow_false: true }}`;
}

/** Literal text, kept verbatim: raw when Liquid would read markup in it or across its end. */
function literal(text: string, variableFollows: boolean): string {
  const endsOpen = variableFollows && text.endsWith('{');
  if (!endsOpen && !text.includes('{{') && !text.includes('{%')) return text;
  if (!text.includes('endraw')) return `{% raw %}${text}{% endraw %}`;
  // Text that itself says endraw: each brace alone in its own raw block.
  return text
    .split(/(\{)/)
    .map((part) => (part === '{' ? '{% raw %}{{% endraw %}' : part))
    .join('');
}

/** The old reading of template text: literal text and variables, braces that are neither kept as text. */
function tokenize(template: string): LegacyToken[] {
  const tokens: LegacyToken[] = [];
  let text = '';
  let from = 0;
  let close = -1;
  for (;;) {
    const open = template.indexOf('{{', from);
    if (open === -1) break;
    text += template.slice(from, open);
    if (close < open + 2) close = template.indexOf('}}', open + 2);
    const nextOpen = template.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const end = nextOpen === -1 ? template.length : nextOpen;
      text += template.slice(open, end);
      from = end;
      continue;
    }
    const raw = template.slice(open, close + 2);
    const found = readVariable(raw);
    if (found) {
      if (text) tokens.push({ kind: 'text', text });
      text = '';
      tokens.push(found);
    } else text += raw;
    from = close + 2;
  }
  text += template.slice(from);
  if (text) tokens.push({ kind: 'text', text });
  return tokens;
}

function readVariable(text: string): LegacyToken | null {
  const match = INNER.exec(text.slice(2, -2));
  const path = match?.[1];
  if (path === undefined || !FIELD.test(path) || path.length > MAX_VARIABLE_PATH) return null;
  const fallback = match?.[2] ?? match?.[3];
  if (fallback !== undefined && fallback.length > MAX_FALLBACK) return null;
  const quote = match?.[3] !== undefined ? "'" : '"';
  const compact = !/\s/.test(text.replace(/(["'])[^"']*\1/g, ''));
  return fallback === undefined
    ? { kind: 'variable', path, quote, compact }
    : { kind: 'variable', path, fallback, quote, compact };
}
