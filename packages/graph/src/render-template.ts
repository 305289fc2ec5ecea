import type { RuleScope } from './evaluate-rules';
import { outputValue, renderLiquid, TemplateError } from './liquid';
import {
  encodeUrlValue,
  escapeHtml,
  hasMarkup,
  isJsonTemplate,
  parseJsonTemplate,
  renderedUrlProblem,
} from './template-contexts';

export interface RenderOptions {
  /**
   * Makes each inserted value safe for where it lands (see `template-contexts.ts`: HTML, URL,
   * header); the template's own text is kept as written.
   */
  escape?: (value: string) => string;
}

/**
 * Renders a Liquid template against a scope: `{{ profile.first_name | default: "there" }}`,
 * `{% if %}`, `{% for %}` over lists in the event or a stored response. A missing value renders
 * as its default, or nothing; objects are inserted as JSON, lists joined with ", ". No code runs
 * and no file is read. Throws a `TemplateError` when the template does not parse (publishing
 * refuses such templates) or a render limit is hit (`TEMPLATE_LIMITS`).
 */
export function renderTemplate(template: string, scope: RuleScope, options: RenderOptions = {}): string {
  if (typeof template !== 'string') return '';
  if (!hasMarkup(template)) return template;
  return renderLiquid(template, scope, options.escape);
}

/** Renders an HTML body (email): every inserted value is HTML-escaped, the markup kept as written. */
export function renderHtmlTemplate(template: string, scope: RuleScope): string {
  return renderTemplate(template, scope, HTML_CONTEXT);
}

const HTML_CONTEXT: RenderOptions = { escape: escapeHtml };
const URL_CONTEXT: RenderOptions = { escape: encodeUrlValue };

/**
 * Renders a URL template with every inserted value percent-encoded, and refuses (with the
 * reason) a result whose origin or path up to the first insertion differs from the template's,
 * or a template that cannot be rendered. Never throws.
 */
export function renderUrlTemplate(template: string, scope: RuleScope): { url: string } | { refused: string } {
  if (!hasMarkup(template)) return { url: template };
  const rendered = refusing(() => renderTemplate(template, scope, URL_CONTEXT));
  if (typeof rendered !== 'string') return rendered;
  const url = rendered;
  const refused = renderedUrlProblem(template, url);
  return refused ? { refused } : { url };
}

/**
 * Renders a body. A body starting with `{` or `[` is built as JSON: each string leaf is
 * rendered, a leaf that is exactly one `{{ … }}` keeps the value's JSON type (a missing value
 * becomes its default, or null), and the result is serialised, so no value can add a field.
 * Other bodies are rendered as text. Keys are kept as written. A body that cannot be rendered
 * is refused with the reason; never throws.
 */
export function renderBodyTemplate(
  template: string,
  scope: RuleScope,
): { body: string } | { refused: string } {
  if (!hasMarkup(template)) return { body: template };
  if (!isJsonTemplate(template)) {
    const body = refusing(() => renderTemplate(template, scope));
    return typeof body === 'string' ? { body } : body;
  }
  const parsed = parseJsonTemplate(template);
  if ('error' in parsed) {
    return {
      refused: 'refused: the body starts with "{" or "[" but is not valid JSON; put Liquid inside quotes',
    };
  }
  const body = refusing(() => JSON.stringify(renderLeaves(parsed.value, scope)));
  return typeof body === 'string' ? { body } : body;
}

/** The text a render gives, or the reason to refuse it when the template cannot be rendered. */
function refusing(render: () => string): string | { refused: string } {
  try {
    return render();
  } catch (error) {
    if (error instanceof TemplateError) return { refused: `refused: ${error.message}` };
    throw error;
  }
}

function renderLeaves(value: unknown, scope: RuleScope): unknown {
  if (typeof value === 'string') return hasMarkup(value) ? renderLeaf(value, scope) : value;
  if (Array.isArray(value)) return value.map((item) => renderLeaves(item, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderLeaves(item, scope);
    return out;
  }
  return value;
}

function renderLeaf(leaf: string, scope: RuleScope): unknown {
  const only = outputValue(leaf, scope);
  if (!only) return renderTemplate(leaf, scope);
  const { value } = only;
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
