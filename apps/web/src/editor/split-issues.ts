import { type GraphIssue, issueNodeIds } from '@stagecraft/graph';
import type { NodeProblems } from './canvas/to-flow';

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

/**
 * Counts each problem on every step it is about (all steps of a loop, not only the first), so
 * the canvas marks each of them.
 */
export function problemsByNode(issues: readonly GraphIssue[]): Map<string, NodeProblems> {
  const map = new Map<string, NodeProblems>();
  for (const issue of issues) {
    for (const nodeId of issueNodeIds(issue)) {
      const entry = map.get(nodeId) ?? { errors: 0, warnings: 0, first: null };
      if (issue.severity === 'error') entry.errors += 1;
      else entry.warnings += 1;
      // An error is what people must fix first, so it wins the badge's tooltip over a warning.
      if (!entry.first || (issue.severity === 'error' && entry.errors === 1)) entry.first = issue.message;
      map.set(nodeId, entry);
    }
  }
  return map;
}
