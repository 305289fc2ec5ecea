import { tokenizeTemplate } from './template-tokens';

/**
 * How a value inserted into a template is made safe for where it lands. These rules belong to
 * the contexts, not to the template syntax, so they carry over to any renderer.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML context (email bodies): escapes the five characters that matter in text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * URL context: percent-encodes everything but unreserved characters, so a value stays inside
 * its path segment or query value (`/`, `?`, `#`, `&`, `%` are all encoded).
 */
export function encodeUrlValue(text: string): string {
  return encodeURIComponent(text);
}

/** Header context: a value cannot end the header line and start another. */
export function headerValue(text: string): string {
  return /[\r\n\0]/.test(text) ? text.replace(/[\r\n\0]+/g, ' ') : text;
}

/**
 * A URL template may insert values only after its origin: a variable in the scheme, host or port
 * could send the request anywhere. Returns the problem, or null when the template is fine.
 */
export function urlTemplateProblem(template: string): string | null {
  const first = template.indexOf('{{');
  if (first === -1) return null;
  const prefix = template.slice(0, first);
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(prefix);
  if (scheme && /[/?#]/.test(prefix.slice(scheme[0].length))) return null;
  return 'A variable cannot be part of the scheme, host or port; put it in the path or query, e.g. https://api.example.com/users/{{ profile.id }}.';
}

/**
 * Checks a rendered URL against its template: it must parse, and keep the template's origin and
 * everything up to the first insertion (a value such as `..` must not climb out of its segment).
 * Returns the reason to refuse it, or null.
 */
export function renderedUrlProblem(template: string, rendered: string): string | null {
  const problem = urlTemplateProblem(template);
  if (problem) return `refused: ${problem}`;
  const first = template.indexOf('{{');
  let expected: string;
  let actual: URL;
  try {
    expected = new URL(first === -1 ? template : template.slice(0, first)).href;
    actual = new URL(rendered);
  } catch {
    return `refused: the URL ${JSON.stringify(rendered.slice(0, 200))} is not a valid address`;
  }
  if (first !== -1 && !actual.href.startsWith(expected)) {
    return `refused: the values inserted into the URL change its address to ${actual.origin}${actual.pathname}`;
  }
  return null;
}

/**
 * A body template is JSON when it starts with `{` or `[` (but not with a variable's `{{`); it is
 * then built as JSON, not as text.
 */
export function isJsonTemplate(template: string): boolean {
  const text = template.trimStart();
  return text[0] === '[' || (text[0] === '{' && text[1] !== '{');
}

/**
 * Parses a JSON body template. Variables are set aside first, so that a fallback's quotes
 * (`"{{ profile.name | "there" }}"`) do not break the JSON; a variable outside a string is
 * still invalid. Returns the parsed value with every string (keys too) as written, or the error.
 */
export function parseJsonTemplate(template: string): { value: unknown } | { error: string } {
  const variables: string[] = [];
  const guarded = template.includes(MARK_OPEN)
    ? template
    : tokenizeTemplate(template)
        .map((token) =>
          token.kind === 'text' || (token.kind === 'invalid' && token.reason === 'unclosed')
            ? token.text
            : `${MARK_OPEN}${variables.push(token.text) - 1}${MARK_CLOSE}`,
        )
        .join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(guarded);
  } catch (error) {
    // The parser's message may quote a stand-in; show the variable's braces instead.
    const message = error instanceof Error ? error.message : String(error);
    return { error: message.replace(/\uE000\d+\uE001|[\uE000\uE001]/g, '{{…}}') };
  }
  return { value: variables.length === 0 ? parsed : restore(parsed, variables) };
}

/** Private-use characters that stand for a variable while its template is parsed as JSON. */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const MARKED = /\uE000(\d+)\uE001/g;

function restore(value: unknown, variables: readonly string[]): unknown {
  if (typeof value === 'string')
    return value.replace(MARKED, (_, index: string) => variables[Number(index)] ?? '');
  if (Array.isArray(value)) return value.map((item) => restore(item, variables));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[restore(key, variables) as string] = restore(item, variables);
    return out;
  }
  return value;
}

/** The problem with a JSON body template that does not parse, or null. */
export function jsonTemplateProblem(template: string): string | null {
  if (!isJsonTemplate(template)) return null;
  const parsed = parseJsonTemplate(template);
  if (!('error' in parsed)) return null;
  return `A body starting with "{" or "[" must be valid JSON (${parsed.error}); put variables inside quotes, e.g. {"email": "{{ profile.email }}"}.`;
}
