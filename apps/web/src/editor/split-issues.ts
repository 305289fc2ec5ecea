import type { GraphIssue } from '@stagecraft/graph';

/** Issues about a config field go under that field, in the words the compiler gives for it; the rest are listed at the top. */
export function splitIssues(issues: readonly GraphIssue[]) {
  const fieldErrors: Record<string, string> = {};
  const general: GraphIssue[] = [];
  for (const issue of issues) {
    const detail = issue.detail;
    if (detail?.kind === 'config' && detail.path && !fieldErrors[detail.path]) {
      fieldErrors[detail.path] = detail.problem;
    } else general.push(issue);
  }
  return { fieldErrors, general };
}
