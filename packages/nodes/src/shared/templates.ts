import { FieldPathSchema } from '@stagecraft/graph';
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
