import { type RuleScope, readPath } from './evaluate-rules';
import { encodeUrlValue, isJsonTemplate, parseJsonTemplate, renderedUrlProblem } from './template-contexts';
import { tokenizeTemplate } from './template-tokens';

export interface RenderOptions {
  /**
   * Makes each inserted value safe for where it lands (see `template-contexts.ts`: HTML, URL,
   * header); the template's own text is kept as written.
   */
  escape?: (value: string) => string;
}

/**
 * Fills a message template from a scope. A missing value becomes the fallback, or nothing; no
 * code runs, only field lookups. Objects are inserted as JSON, lists joined with ", ".
 */
export function renderTemplate(template: string, scope: RuleScope, options: RenderOptions = {}): string {
  if (typeof template !== 'string' || !template.includes('{{'))
    return typeof template === 'string' ? template : '';
  let out = '';
  for (const token of tokenizeTemplate(template)) {
    if (token.kind !== 'variable') {
      // Braces that are not a variable stay as written; validation reports them before publishing.
      out += token.text;
      continue;
    }
    const text = stringify(readPath(token.path, scope));
    const value = text === '' ? (token.fallback ?? '') : text;
    out += options.escape ? options.escape(value) : value;
  }
  return out;
}

const URL_CONTEXT: RenderOptions = { escape: encodeUrlValue };

/**
 * Renders a URL template with every inserted value percent-encoded, and refuses (with the
 * reason) a result whose origin or path up to the first insertion differs from the template's.
 */
export function renderUrlTemplate(template: string, scope: RuleScope): { url: string } | { refused: string } {
  if (!template.includes('{{')) return { url: template };
  const url = renderTemplate(template, scope, URL_CONTEXT);
  const refused = renderedUrlProblem(template, url);
  return refused ? { refused } : { url };
}

/**
 * Renders a body. A body starting with `{` or `[` is built as JSON: each string leaf is
 * rendered, a leaf that is exactly one variable keeps the value's JSON type (a missing value
 * becomes its fallback, or null), and the result is serialised, so no value can add a field.
 * Other bodies are rendered as text. Keys are kept as written.
 */
export function renderBodyTemplate(
  template: string,
  scope: RuleScope,
): { body: string } | { refused: string } {
  if (!template.includes('{{')) return { body: template };
  if (!isJsonTemplate(template)) return { body: renderTemplate(template, scope) };
  const parsed = parseJsonTemplate(template);
  if ('error' in parsed) {
    return {
      refused: 'refused: the body starts with "{" or "[" but is not valid JSON; put variables inside quotes',
    };
  }
  return { body: JSON.stringify(renderLeaves(parsed.value, scope)) };
}

function renderLeaves(value: unknown, scope: RuleScope): unknown {
  if (typeof value === 'string') return value.includes('{{') ? renderLeaf(value, scope) : value;
  if (Array.isArray(value)) return value.map((item) => renderLeaves(item, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderLeaves(item, scope);
    return out;
  }
  return value;
}

function renderLeaf(leaf: string, scope: RuleScope): unknown {
  const tokens = tokenizeTemplate(leaf);
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (only?.kind !== 'variable') return renderTemplate(leaf, scope);
  const value = readPath(only.path, scope);
  const fallback = only.fallback;
  if (value === undefined || value === null || value === '') return fallback ?? (value === '' ? '' : null);
  return value;
}

/** The field paths a template reads, in order of first use; for validation and previews. */
export function templateVariables(template: string): string[] {
  const paths = new Set<string>();
  for (const token of tokenizeTemplate(template)) if (token.kind === 'variable') paths.add(token.path);
  return [...paths];
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(stringify).join(', ');
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
