import {
  invalidTokenMessage,
  jsonTemplateProblem,
  literalInternalHost,
  tokenizeTemplate,
  urlTemplateProblem,
} from '@stagecraft/graph';
import type { ConfigProblem } from '@stagecraft/sdk';

/**
 * Flags template text that would reach customers as written: a `{{` never closed, braces around
 * something that is not a field path such as `profile.first_name`, or a fallback over the limit.
 * The renderer reads templates with the same tokenizer, so what passes here is what it fills.
 */
export function templateProblems(text: string, path: string): ConfigProblem[] {
  const invalid = tokenizeTemplate(text).find((token) => token.kind === 'invalid');
  return invalid?.kind === 'invalid' ? [{ path, message: invalidTokenMessage(invalid) }] : [];
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
