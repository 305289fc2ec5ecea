import {
  FieldPathSchema,
  jsonTemplateProblem,
  literalInternalHost,
  urlTemplateProblem,
} from '@stagecraft/graph';
import type { ConfigProblem } from '@stagecraft/sdk';

/** `profile.first_name`, optionally followed by `| "fallback"` (double or single quotes). */
const VARIABLE = /^\s*([^\s|]+)\s*(?:\|\s*(?:"[^"]*"|'[^']*')\s*)?$/;

/**
 * Flags template text that would reach customers as written: a `{{` never closed, or braces
 * around something that is not a field path such as `profile.first_name`.
 */
export function templateProblems(text: string, path: string): ConfigProblem[] {
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open === -1) return [];
    const close = text.indexOf('}}', open + 2);
    const nextOpen = text.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      return [
        { path, message: `A "{{" at character ${open + 1} is never closed; end the variable with "}}".` },
      ];
    }
    const inner = text.slice(open + 2, close);
    const field = VARIABLE.exec(inner)?.[1];
    if (field === undefined || !FieldPathSchema.safeParse(field).success) {
      return [
        {
          path,
          message: `"{{${inner}}}" is not a variable; write a field such as {{ profile.first_name }}, optionally with a fallback: {{ profile.first_name | "there" }}.`,
        },
      ];
    }
    from = close + 2;
  }
}

/**
 * Problems with an outbound URL template: a variable in the scheme, host or port (an error), and
 * a literal internal address such as http://127.0.0.1 or http://localhost (a warning: the server
 * refuses to call it unless the operator allow-lists it).
 */
export function outboundUrlProblems(url: string, path: string): ConfigProblem[] {
  const problems = templateProblems(url, path);
  const placement = urlTemplateProblem(url);
  if (placement) problems.push({ path, message: placement });
  const internal = literalInternalHost(url);
  if (internal) {
    problems.push({
      path,
      severity: 'warning',
      message: `${internal.host} is a ${internal.addressClass} address; the server refuses to call it unless the operator allows it in STAGECRAFT_OUTBOUND_ALLOW.`,
    });
  }
  return problems;
}

/** Problems with an outbound body template: a body that starts like JSON must be JSON. */
export function outboundBodyProblems(body: string, path: string): ConfigProblem[] {
  const problems = templateProblems(body, path);
  const json = jsonTemplateProblem(body);
  if (json) problems.push({ path, message: json });
  return problems;
}
