import {
  type AnyNodeType,
  describeConfig,
  type NodeRegistry,
  type PortSpec,
  portsOfConfig,
} from '@stagecraft/sdk';

/** One step as the editor shows it without code of its own for the type. */
export interface NodePreview {
  summary: string | null;
  ports: PortSpec[];
  problems: { path: string; message: string }[];
}

/** Problems listed per step at most; a form shows the first ones anyway. */
const MAX_PROBLEMS = 50;

/**
 * The summary line, ports and schema problems of one step's config. A config saved by an older
 * installed version is upgraded through the type's `migrate`, as the editor's draft would be.
 * Never throws: a type that is missing or misbehaves is reported as a problem.
 */
export function previewNode(
  registry: NodeRegistry,
  node: { type: string; version: number; config: unknown },
): NodePreview {
  const found = lookUp(registry, node);
  if ('problem' in found) return { summary: null, ports: [], problems: [found.problem] };
  const { nodeType, config } = found;
  const parsed = nodeType.configSchema.safeParse(config);
  const problems = parsed.success
    ? []
    : parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
  return { summary: describeConfig(nodeType, config), ports: portsOfConfig(nodeType, config), problems };
}

function lookUp(
  registry: NodeRegistry,
  node: { type: string; version: number; config: unknown },
): { nodeType: AnyNodeType; config: unknown } | { problem: { path: string; message: string } } {
  const exact = registry.get(node.type, node.version);
  if (exact) return { nodeType: exact, config: node.config };
  const latest = registry.latest(node.type);
  if (!latest)
    return {
      problem: { path: 'type', message: `the step type "${node.type}" is not installed; install its plugin` },
    };
  if (node.version > latest.version || !latest.migrate)
    return {
      problem: {
        path: 'version',
        message: `version ${node.version} of "${node.type}" is not installed (the latest is ${latest.version})`,
      },
    };
  try {
    return { nodeType: latest, config: latest.migrate(node.config, node.version) };
  } catch (error) {
    return {
      problem: {
        path: 'version',
        message: `the config of version ${node.version} could not be upgraded (${String((error as Error)?.message ?? error).slice(0, 200)})`,
      },
    };
  }
}
