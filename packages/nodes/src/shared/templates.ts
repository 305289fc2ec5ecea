import type { ConfigProblem } from '@stagecraft/sdk';

/** Flags `{{` without a matching `}}` (and empty `{{ }}`), which would otherwise reach customers as-is. */
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
    if (text.slice(open + 2, close).trim() === '') {
      return [
        {
          path,
          message: `"{{ }}" at character ${open + 1} is empty; put a variable such as profile.first_name inside.`,
        },
      ];
    }
    from = close + 2;
  }
}
