import { Tokenizer, TokenKind } from 'liquidjs';
import { parseTemplate } from './liquid';

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

/** True when text holds Liquid markup (`{{ … }}` or `{% … %}`); other text renders as written. */
export function hasMarkup(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/** Where the first Liquid markup starts, or -1. */
export function firstMarkup(text: string): number {
  const output = text.indexOf('{{');
  const tag = text.indexOf('{%');
  if (output === -1) return tag;
  return tag === -1 ? output : Math.min(output, tag);
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
  const first = firstMarkup(template);
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
  const first = firstMarkup(template);
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
 * A body template is JSON when it starts with `{` or `[` (but not with Liquid's `{{` or `{%`); it is
 * then built as JSON, not as text.
 */
export function isJsonTemplate(template: string): boolean {
  const text = template.trimStart();
  return text[0] === '[' || (text[0] === '{' && text[1] !== '{' && text[1] !== '%');
}

/**
 * Parses a JSON body template. Liquid markup is set aside first, so that a default's quotes
 * (`"{{ profile.name | default: "there" }}"`) do not break the JSON; markup outside a string is
 * still invalid. Returns the parsed value with every string (keys too) as written, or the error.
 */
export function parseJsonTemplate(template: string): { value: unknown } | { error: string } {
  const markup: string[] = [];
  const guarded = template.includes(MARK_OPEN) ? template : setAside(template, markup);
  let parsed: unknown;
  try {
    parsed = JSON.parse(guarded);
  } catch (error) {
    // The parser's message may quote a stand-in; show the markup's braces instead.
    const message = error instanceof Error ? error.message : String(error);
    return { error: message.replace(/\uE000\d+\uE001|[\uE000\uE001]/g, '{{…}}') };
  }
  return { value: markup.length === 0 ? parsed : restore(parsed, markup) };
}

/** The template with each `{{ … }}` and `{% … %}` replaced by a stand-in; markup that does not close stays. */
function setAside(template: string, markup: string[]): string {
  if (!hasMarkup(template)) return template;
  try {
    return new Tokenizer(template)
      .readTopLevelTokens()
      .map((token) =>
        token.kind === TokenKind.HTML
          ? token.getText()
          : `${MARK_OPEN}${markup.push(token.getText()) - 1}${MARK_CLOSE}`,
      )
      .join('');
  } catch {
    // The template check reports markup that does not close; as JSON it is read as written.
    return template;
  }
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
  if (!('error' in parsed)) return splitMarkupProblem(parsed.value);
  return `A body starting with "{" or "[" must be valid JSON (${parsed.error}); put Liquid inside quotes, e.g. {"email": "{{ profile.email }}"}.`;
}

/** A quoted value whose Liquid does not stand on its own (an `{% if %}` closed in another value). */
function splitMarkupProblem(value: unknown): string | null {
  const leaves: string[] = [];
  collectLeaves(value, leaves);
  for (const leaf of leaves) {
    if (!hasMarkup(leaf)) continue;
    try {
      parseTemplate(leaf);
    } catch {
      return `The value ${JSON.stringify(leaf.slice(0, 80))} of the JSON body holds Liquid that does not close inside its quotes; keep each {% if %} or {% for %} and its end inside one value.`;
    }
  }
  return null;
}

function collectLeaves(value: unknown, leaves: string[]): void {
  if (typeof value === 'string') leaves.push(value);
  else if (Array.isArray(value)) for (const item of value) collectLeaves(item, leaves);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      leaves.push(key);
      collectLeaves(item, leaves);
    }
  }
}
