import type { z } from 'zod';
import { formatPath, type GraphIssue } from './issues';
import { type JourneyDocument, JourneyDocumentSchema, type JourneyNode } from './journey';
import { MAX_RULE_DEPTH, ruleDepth } from './rules';

export type ParseResult =
  | { ok: true; journey: JourneyDocument; issues: GraphIssue[] }
  | { ok: false; issues: GraphIssue[] };

/** How a message names a step within a sentence, e.g. `"Welcome email"`. */
export type StepNamer = (node: JourneyNode) => string;

/** Without node types to tell what a step is: its label, else its id. */
const byLabelOrId: StepNamer = (node) => `"${node.label || node.id}"`;

/**
 * Parses an untrusted journey document: shape first, then structure (ids, edges, stages).
 * Never throws; every problem comes back as an issue naming the node, edge or field. The
 * compiler passes `stepName` to name unlabelled steps by their type.
 */
export function parseJourney(input: unknown, stepName: StepNamer = byLabelOrId): ParseResult {
  const parsed = JourneyDocumentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: shapeIssues(input, parsed.error) };
  const issues = validateStructure(parsed.data, stepName);
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
export function validateStructure(journey: JourneyDocument, stepName: StepNamer = byLabelOrId): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodeIds = new Set<string>();
  const nodes = new Map(journey.nodes.map((node) => [node.id, node] as const));
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
        message: `The stage "${node.stage}" of ${stepName(node)} is not one this journey defines. Move the step into an existing stage.`,
      });
    }
    const depth = ruleDepth(node.config.rules ?? node.config.condition);
    if (depth > MAX_RULE_DEPTH) {
      issues.push({
        code: 'rules-too-deep',
        severity: 'error',
        nodeId: node.id,
        path: 'config',
        message: `The rules of ${stepName(node)} nest groups ${depth} deep; at most ${MAX_RULE_DEPTH} levels are allowed.`,
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
        const other = nodes.get(end === 'source' ? edge.target : edge.source);
        const what =
          end === 'target'
            ? `${other ? ` from ${stepName(other)}` : ''} leads to`
            : `${other ? ` into ${stepName(other)}` : ''} comes from`;
        issues.push({
          code: 'dangling-edge',
          severity: 'error',
          edgeId: edge.id,
          path: end,
          message: `A connection${what} a step that does not exist; delete the connection or reconnect it.`,
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
        message: `The same output of ${nameOf(nodes, edge.source, stepName)} is connected to ${nameOf(nodes, edge.target, stepName)} twice; remove one connection.`,
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
  if (journey.settings.timeZone !== null && !isValidTimeZone(journey.settings.timeZone)) {
    issues.push({
      code: 'invalid-time-zone',
      severity: 'error',
      path: 'settings.timeZone',
      message: `"${journey.settings.timeZone}" is not a time zone; use an IANA name such as "Europe/Berlin" or "UTC".`,
    });
  }
  return issues;
}

function nameOf(nodes: ReadonlyMap<string, JourneyNode>, id: string, stepName: StepNamer): string {
  const node = nodes.get(id);
  return node ? stepName(node) : `"${id}"`;
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
