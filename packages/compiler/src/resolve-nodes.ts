import {
  constraintOfIssue,
  fieldSentence,
  formatPath,
  type JourneyDocument,
  type JourneyNode,
  type SchemaIssue,
} from '@stagecraft/graph';
import type { AnyNodeType, CompileContext, NodeCompilation, NodeRegistry, PortSpec } from '@stagecraft/sdk';
import { portsOf } from '@stagecraft/sdk';
import { type DiagnosticList, describeConfigIssue, type NamedStep, stepSubject } from './diagnostics';

/** A node whose type is known, whose config passed its schema, and which compiled. */
export interface ResolvedNode {
  node: JourneyNode;
  nodeType: AnyNodeType;
  /** The config after migration and parsing: defaults filled in, keys in schema order. */
  config: unknown;
  ports: PortSpec[];
  compilation: NodeCompilation;
}

/** Configs nested deeper than this are refused before a schema walks them recursively. */
const MAX_CONFIG_DEPTH = 40;
const MAX_CONFIG_VALUES = 50_000;

/**
 * Looks each node's type up (upgrading old versions through `migrate`), checks its config
 * against the schema and the type's own `validate`, and compiles it. Problems become
 * diagnostics naming the node and the config field; a node type that throws is reported, not fatal.
 */
export function resolveNodes(
  journey: JourneyDocument,
  registry: NodeRegistry,
  diagnostics: DiagnosticList,
): Map<string, ResolvedNode> {
  const resolved = new Map<string, ResolvedNode>();
  const stageIds = journey.stages.map((stage) => stage.id);
  const runsBefore = ancestry(journey);
  for (const node of journey.nodes) {
    if (resolved.has(node.id)) continue;
    const context: CompileContext = {
      nodeId: node.id,
      timeZone: journey.settings.timeZone ?? 'UTC',
      stageIds,
      canReadResponse: (stepId) => runsBefore(node.id).has(stepId),
    };
    const result = resolveNode(node, registry, context, diagnostics);
    if (result) resolved.set(node.id, result);
  }
  return resolved;
}

/**
 * The steps that can run before each step (its ancestors along the connections), worked out
 * only for the steps that ask: most journeys never read a stored response.
 */
function ancestry(journey: JourneyDocument): (nodeId: string) => ReadonlySet<string> {
  let sources: Map<string, string[]> | null = null;
  const known = new Map<string, Set<string>>();
  return (nodeId) => {
    const found = known.get(nodeId);
    if (found) return found;
    if (!sources) {
      sources = new Map();
      for (const edge of journey.edges) {
        const list = sources.get(edge.target);
        if (list) list.push(edge.source);
        else sources.set(edge.target, [edge.source]);
      }
    }
    const seen = new Set<string>();
    const queue = [...(sources.get(nodeId) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const source of sources.get(id) ?? []) if (!seen.has(source)) queue.push(source);
    }
    known.set(nodeId, seen);
    return seen;
  };
}

/**
 * Each step as messages name it, by id: the resolved node with its type and read config, else
 * (its config did not read) the node with the type the registry has for it.
 */
export function namedSteps(
  journey: JourneyDocument,
  registry: NodeRegistry,
  resolved: ReadonlyMap<string, ResolvedNode>,
): (id: string) => NamedStep {
  const nodes = new Map(journey.nodes.map((node) => [node.id, node] as const));
  return (id) => {
    const entry = resolved.get(id);
    if (entry) return entry;
    const node = nodes.get(id) ?? { type: id };
    const nodeType = 'typeVersion' in node ? registry.get(node.type, node.typeVersion) : undefined;
    return { node, nodeType: nodeType ?? registry.latest(node.type) };
  };
}

function resolveNode(
  node: JourneyNode,
  registry: NodeRegistry,
  context: CompileContext,
  diagnostics: DiagnosticList,
): ResolvedNode | null {
  const at = { nodeId: node.id };
  const found = lookUp(node, registry, diagnostics);
  if (!found) return null;
  const { nodeType, config: rawConfig } = found;
  const name = stepSubject({ node, nodeType });

  if (exceedsDepth(rawConfig)) {
    const problem = 'its settings are nested too deeply to read.';
    diagnostics.error('invalid-config', `${name}: ${problem}`, {
      ...at,
      path: 'config',
      detail: { kind: 'config', path: '', problem },
    });
    return null;
  }
  const parsed = nodeType.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 20)) {
      const field = formatPath(issue.path);
      const described = describeConfigIssue(field, issue.message);
      // Under the field, the editor's own sentence for the broken constraint (fieldSentence), so
      // its check as you type and the compiler's say the same; the message keeps the node type's words.
      const constraint = constraintOfIssue({
        ...issue,
        input: valueAt(rawConfig, issue.path),
      } as SchemaIssue);
      const problem = constraint ? fieldSentence(constraint) : described;
      diagnostics.error('invalid-config', `${name}: ${described}`, {
        ...at,
        path: field ? `config.${field}` : 'config',
        detail: { kind: 'config', path: field, problem },
      });
    }
    return null;
  }
  const config = parsed.data;
  const described = stepSubject({ node, nodeType, config });

  try {
    for (const problem of nodeType.validate?.(config, context) ?? []) {
      const severity = problem.severity ?? 'error';
      const code = severity === 'error' ? 'invalid-config' : 'config-warning';
      const path = problem.path ? `config.${problem.path}` : 'config';
      diagnostics.add({
        code,
        severity,
        nodeId: node.id,
        path,
        message: `${described}: ${problem.message}`,
        detail: { kind: 'config', path: problem.path, problem: problem.message },
      });
    }
    const ports = portsOf(nodeType, config);
    const compilation = nodeType.compile(config, context);
    const fault = compilationFault(compilation, ports);
    if (fault) {
      diagnostics.error('node-type-error', `${described}: the "${nodeType.type}" step type ${fault}.`, at);
      return null;
    }
    return { node, nodeType, config, ports, compilation };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    diagnostics.error(
      'node-type-error',
      `${described}: the "${nodeType.type}" step type failed on these settings (${reason.slice(0, 200)}).`,
      at,
    );
    return null;
  }
}

function lookUp(
  node: JourneyNode,
  registry: NodeRegistry,
  diagnostics: DiagnosticList,
): { nodeType: AnyNodeType; config: unknown } | null {
  const exact = registry.get(node.type, node.typeVersion);
  if (exact) return { nodeType: exact, config: node.config };
  const latest = registry.latest(node.type);
  if (!latest) {
    // No title to name it by: the type's id is all the journey says about it.
    diagnostics.error(
      'unknown-node-type',
      `${node.label ? `Step "${node.label}"` : 'This step'} uses the step type "${node.type}", which is not installed. Install the plugin that provides it, or delete the step.`,
      {
        nodeId: node.id,
        path: 'type',
        detail: { kind: 'node-type', type: node.type, version: node.typeVersion },
      },
    );
    return null;
  }
  const name = stepSubject({ node, nodeType: latest });
  if (node.typeVersion > latest.version || !latest.migrate) {
    const why =
      node.typeVersion > latest.version
        ? `only versions up to ${latest.version} are installed; update Stagecraft or the plugin`
        : `it cannot be upgraded to version ${latest.version} automatically; recreate the step`;
    diagnostics.error(
      'unknown-node-version',
      `${name} was saved with version ${node.typeVersion} of "${node.type}", but ${why}.`,
      {
        nodeId: node.id,
        path: 'typeVersion',
        detail: { kind: 'node-type', type: node.type, version: node.typeVersion },
      },
    );
    return null;
  }
  try {
    return { nodeType: latest, config: latest.migrate(node.config, node.typeVersion) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    diagnostics.error(
      'unknown-node-version',
      `${name}: its settings from version ${node.typeVersion} of "${node.type}" could not be upgraded (${reason.slice(0, 200)}); recreate the step.`,
      {
        nodeId: node.id,
        path: 'typeVersion',
        detail: { kind: 'node-type', type: node.type, version: node.typeVersion },
      },
    );
    return null;
  }
}

/** What is wrong with a node type's compile output, or null; a broken plugin must not break the journey. */
function compilationFault(compilation: NodeCompilation, ports: readonly PortSpec[]): string | null {
  if (!compilation || !Array.isArray(compilation.exits)) return 'returned no list of exits';
  const portIds = new Set(ports.map((port) => port.id));
  if (portIds.size !== ports.length) return 'declares two outputs with the same id';
  let timers = 0;
  for (const exit of compilation.exits) {
    if (!portIds.has(exit.port)) return `leaves through an output "${exit.port}" it does not declare`;
    if (exit.on === 'timer') timers++;
  }
  if (timers > 1) return 'asks for more than one timer';
  return null;
}

/** True when a config nests deeper (or holds more values) than any real config would. */
function exceedsDepth(config: unknown): boolean {
  const budget = { values: MAX_CONFIG_VALUES };
  return tooDeep(config, 0, budget);
}

// Recursion is safe here: it stops at MAX_CONFIG_DEPTH levels.
function tooDeep(value: unknown, depth: number, budget: { values: number }): boolean {
  if (--budget.values < 0 || depth > MAX_CONFIG_DEPTH) return true;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (tooDeep(item, depth + 1, budget)) return true;
    return false;
  }
  for (const key in value) {
    if (tooDeep((value as Record<string, unknown>)[key], depth + 1, budget)) return true;
  }
  return false;
}

/** The value at a schema issue's path in the raw config (zod does not report it). */
function valueAt(config: unknown, path: readonly PropertyKey[]): unknown {
  let value = config;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
