/**
 * The one reading of template text: the renderer fills what this calls a variable, and
 * validation flags what it calls invalid, so text that passes validation never ships as braces.
 */

/** Longest field path a variable may name; longer text between braces is not a variable. */
export const MAX_VARIABLE_PATH = 200;
/** Longest fallback a variable may carry, in characters between its quotes. */
export const MAX_FALLBACK = 500;

const FIELD = /^(stage|(profile|event|response)(\.[A-Za-z0-9_$-]+)+)$/;
/** `profile.first_name`, optionally followed by `| "fallback"` (double or single quotes). */
const INNER = /^\s*([^\s|]+)\s*(?:\|\s*(?:"([^"]*)"|'([^']*)')\s*)?$/;

/** Why braces are not a variable; each reason has its own fix. */
export type InvalidReason = 'unclosed' | 'not-a-variable' | 'path-too-long' | 'fallback-too-long';

/** A piece of template text: literal text, a variable to fill, or braces that stay as written. */
export type TemplateToken =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; text: string; start: number; path: string; fallback?: string }
  | { kind: 'invalid'; text: string; start: number; reason: InvalidReason };

/**
 * Splits template text into tokens whose texts join back to the input. Linear in the length of
 * the text, so hostile input (thousands of `{{`) costs no more than its size.
 */
export function tokenizeTemplate(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let from = 0;
  let close = -1;
  for (;;) {
    const open = template.indexOf('{{', from);
    if (open === -1) break;
    if (open > from) tokens.push({ kind: 'text', text: template.slice(from, open) });
    if (close < open + 2) close = template.indexOf('}}', open + 2);
    const nextOpen = template.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      const end = nextOpen === -1 ? template.length : nextOpen;
      tokens.push({ kind: 'invalid', text: template.slice(open, end), start: open, reason: 'unclosed' });
      from = end;
      continue;
    }
    tokens.push(readVariable(template.slice(open, close + 2), open));
    from = close + 2;
  }
  if (from < template.length) tokens.push({ kind: 'text', text: template.slice(from) });
  return tokens;
}

function readVariable(text: string, start: number): TemplateToken {
  const match = INNER.exec(text.slice(2, -2));
  const path = match?.[1];
  if (path === undefined || !FIELD.test(path)) {
    return { kind: 'invalid', text, start, reason: 'not-a-variable' };
  }
  if (path.length > MAX_VARIABLE_PATH) return { kind: 'invalid', text, start, reason: 'path-too-long' };
  const fallback = match?.[2] ?? match?.[3];
  if (fallback !== undefined && fallback.length > MAX_FALLBACK) {
    return { kind: 'invalid', text, start, reason: 'fallback-too-long' };
  }
  return fallback === undefined
    ? { kind: 'variable', text, start, path }
    : { kind: 'variable', text, start, path, fallback };
}

/** The sentence that tells a marketer how to fix braces that are not a variable. */
export function invalidTokenMessage(token: Extract<TemplateToken, { kind: 'invalid' }>): string {
  switch (token.reason) {
    case 'unclosed':
      return `A "{{" at character ${token.start + 1} is never closed; end the variable with "}}".`;
    case 'path-too-long':
      return `The variable at character ${token.start + 1} names a field longer than ${MAX_VARIABLE_PATH} characters; shorten it.`;
    case 'fallback-too-long':
      return `The fallback of the variable at character ${token.start + 1} is longer than ${MAX_FALLBACK} characters; shorten it.`;
    default:
      return `"${token.text.slice(0, 120)}" is not a variable; write a field such as {{ profile.first_name }}, optionally with a fallback: {{ profile.first_name | "there" }}.`;
  }
}
