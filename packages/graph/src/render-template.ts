import { type RuleScope, readPath } from './evaluate-rules';

export interface RenderOptions {
  /** Escape inserted values for HTML (email bodies); the template's own markup is kept. */
  escapeHtml?: boolean;
}

/**
 * `{{ profile.first_name }}` or `{{ profile.first_name | "there" }}`: a field path (as in rules)
 * and an optional quoted fallback. Anything else between braces is left as written.
 */
const VARIABLE = /\{\{\s*([A-Za-z0-9_$.-]{1,200})\s*(?:\|\s*(?:"([^"]{0,500})"|'([^']{0,500})')\s*)?\}\}/g;
const FIELD = /^(stage|(profile|event|response)(\.[A-Za-z0-9_$-]+)+)$/;

/**
 * Fills a message template from a scope. A missing value becomes the fallback, or nothing; no
 * code runs, only field lookups. Objects are inserted as JSON, lists joined with ", ".
 */
export function renderTemplate(template: string, scope: RuleScope, options: RenderOptions = {}): string {
  if (typeof template !== 'string' || !template.includes('{{'))
    return typeof template === 'string' ? template : '';
  return template.replace(VARIABLE, (whole, path: string, doubleQuoted?: string, singleQuoted?: string) => {
    if (!FIELD.test(path)) return whole;
    const fallback = doubleQuoted ?? singleQuoted ?? '';
    const text = stringify(readPath(path, scope));
    const value = text === '' ? fallback : text;
    return options.escapeHtml ? escapeHtml(value) : value;
  });
}

/** The field paths a template reads, in order of first use; for validation and previews. */
export function templateVariables(template: string): string[] {
  const paths = new Set<string>();
  for (const match of template.matchAll(VARIABLE)) {
    const path = match[1];
    if (path && FIELD.test(path)) paths.add(path);
  }
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

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five characters that matter in HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
