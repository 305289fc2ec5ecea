/**
 * What a problem is about, as data, so a program (the editor) can act on it without reading the
 * sentence: the config field and the fix in words, the steps of a loop, the port of a step.
 */
export type IssueDetail =
  /** A node's config: `path` inside the config (`''` for the whole), `problem` says it without naming the step. */
  | { kind: 'config'; path: string; problem: string }
  /** The steps of a loop that has no wait, in document order. */
  | { kind: 'cycle-without-wait'; nodeIds: string[] }
  /** An output of a step: not there, connected twice, or not connected. */
  | { kind: 'port'; nodeId: string; port: string }
  /** A step whose type (or that version of it) is not installed. */
  | { kind: 'node-type'; type: string; version: number };

/**
 * A problem found in a journey, shaped for people: a stable code, where it is (node, edge, field),
 * and a sentence a marketer can act on.
 */
export interface GraphIssue {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Dotted path inside the document or the node's config, e.g. `config.duration.amount`. */
  path?: string;
  /** The same facts as data, for the problems that have them. */
  detail?: IssueDetail;
}

/** Turns a zod issue path into the dotted form used in messages (`nodes.3.config`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}

/**
 * Every step a problem is about: its own step, each step of a loop, the step of a port. The
 * editor marks and selects all of them, so a loop of seven steps shows seven badges.
 */
export function issueNodeIds(issue: Pick<GraphIssue, 'nodeId' | 'detail'>): string[] {
  const ids = new Set<string>();
  if (issue.nodeId) ids.add(issue.nodeId);
  const detail = issue.detail;
  if (detail?.kind === 'cycle-without-wait') for (const id of detail.nodeIds) ids.add(id);
  else if (detail?.kind === 'port') ids.add(detail.nodeId);
  return [...ids];
}
