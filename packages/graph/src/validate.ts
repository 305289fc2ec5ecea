import type { z } from 'zod';
import { formatPath, type GraphIssue } from './issues';
import { type JourneyDocument, JourneyDocumentSchema } from './journey';
import { MAX_RULE_DEPTH, ruleDepth } from './rules';

export type ParseResult =
  | { ok: true; journey: JourneyDocument; issues: GraphIssue[] }
  | { ok: false; issues: GraphIssue[] };

/**
 * Parses an untrusted journey document: shape first, then structure (ids, edges, stages).
 * Never throws; every problem comes back as an issue naming the node, edge or field.
 */
export function parseJourney(input: unknown): ParseResult {
  const parsed = JourneyDocumentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: shapeIssues(input, parsed.error) };
  const issues = validateStructure(parsed.data);
  return issues.some((issue) => issue.severity === 'error')
    ? { ok: false, issues }
    : { ok: true, journey: parsed.data, issues };
}

function shapeIssues(input: unknown, error: z.ZodError): GraphIssue[] {
  return error.issues.slice(0, 50).map((issue) => {
    const located: GraphIssue = {
      code: 'invalid-document',
      severity: 'error',
      path: formatPath(issue.path),
      message: `${formatPath(issue.path) || 'document'}: ${issue.message}`,
    };
    const [collection, index] = issue.path;
    const item = (input as Record<string, unknown[]> | null)?.[String(collection)]?.[Number(index)];
    const id = (item as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string' && collection === 'nodes') located.nodeId = id;
    if (typeof id === 'string' && collection === 'edges') located.edgeId = id;
    return located;
  });
}

/** Structural checks that need the whole document: unique ids, edge ends, stage references. */
export function validateStructure(journey: JourneyDocument): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodeIds = new Set<string>();
  const stageIds = new Set(journey.stages.map((stage) => stage.id));

  for (const node of journey.nodes) {
    if (nodeIds.has(node.id)) {
      issues.push({
        code: 'duplicate-node-id',
        severity: 'error',
        nodeId: node.id,
        message: `Two steps share the id "${node.id}"; give each step its own id.`,
      });
    }
    nodeIds.add(node.id);
    if (node.stage && !stageIds.has(node.stage)) {
      issues.push({
        code: 'unknown-stage',
        severity: 'error',
        nodeId: node.id,
        path: 'stage',
        message: `Step "${node.id}" is placed in stage "${node.stage}", which this journey does not define. Move it into an existing stage.`,
      });
    }
    const depth = ruleDepth(node.config.rules ?? node.config.condition);
    if (depth > MAX_RULE_DEPTH) {
      issues.push({
        code: 'rules-too-deep',
        severity: 'error',
        nodeId: node.id,
        path: 'config',
        message: `Step "${node.id}" nests rule groups ${depth} deep; at most ${MAX_RULE_DEPTH} levels are allowed.`,
      });
    }
  }

  const edgeIds = new Set<string>();
  const connections = new Set<string>();
  for (const edge of journey.edges) {
    if (edgeIds.has(edge.id)) {
      issues.push({
        code: 'duplicate-edge-id',
        severity: 'error',
        edgeId: edge.id,
        message: `Two connections share the id "${edge.id}".`,
      });
    }
    edgeIds.add(edge.id);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIds.has(edge[end])) {
        issues.push({
          code: 'dangling-edge',
          severity: 'error',
          edgeId: edge.id,
          path: end,
          message: `Connection "${edge.id}" points to a step "${edge[end]}" that does not exist; delete the connection or reconnect it.`,
        });
      }
    }
    const key = `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}`;
    if (connections.has(key)) {
      issues.push({
        code: 'duplicate-edge',
        severity: 'error',
        edgeId: edge.id,
        nodeId: edge.source,
        message: `Step "${edge.source}" is connected to "${edge.target}" twice from the same output; remove one connection.`,
      });
    }
    connections.add(key);
  }

  const stageSeen = new Set<string>();
  for (const stage of journey.stages) {
    if (stageSeen.has(stage.id)) {
      issues.push({
        code: 'duplicate-stage-id',
        severity: 'error',
        path: 'stages',
        message: `Two stages share the id "${stage.id}".`,
      });
    }
    stageSeen.add(stage.id);
  }
  if (!isValidTimeZone(journey.settings.timeZone)) {
    issues.push({
      code: 'invalid-time-zone',
      severity: 'error',
      path: 'settings.timeZone',
      message: `"${journey.settings.timeZone}" is not a time zone; use an IANA name such as "Europe/Berlin" or "UTC".`,
    });
  }
  return issues;
}

/** True for IANA zone names the runtime's Intl knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
