import {
  jsonTemplateProblem,
  templateProblems as liquidProblems,
  literalInternalHost,
  urlTemplateProblem,
} from '@stagecraft/graph';
import type { CompileContext, ConfigProblem } from '@stagecraft/sdk';

/**
 * Flags template text that would not reach customers as written: Liquid that does not parse, or
 * a variable that can never exist (an unknown root, or the response of a step that does not run
 * before this one). The renderer reads templates with the same engine, so what passes here is
 * what it renders.
 */
export function templateProblems(text: string, path: string, context?: CompileContext): ConfigProblem[] {
  const reach = context?.canReadResponse ? { canReadResponse: context.canReadResponse } : {};
  return liquidProblems(text, reach).map((message) => ({ path, message }));
}

/**
 * Problems with an outbound URL template: a variable in the scheme, host or port (an error), and
 * a literal internal address such as http://127.0.0.1 or http://localhost (a warning: the server
 * refuses to call it unless the operator allow-lists it).
 */
export function outboundUrlProblems(url: string, path: string, context?: CompileContext): ConfigProblem[] {
  const problems = templateProblems(url, path, context);
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
export function outboundBodyProblems(body: string, path: string, context?: CompileContext): ConfigProblem[] {
  const problems = templateProblems(body, path, context);
  const json = jsonTemplateProblem(body);
  if (json) problems.push({ path, message: json });
  return problems;
}
