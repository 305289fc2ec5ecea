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
}

/** Turns a zod issue path into the dotted form used in messages (`nodes.3.config`). */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}
