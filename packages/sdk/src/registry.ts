import { z } from 'zod';
import {
  type AnyNodeType,
  describeConfig,
  type NodeCategory,
  type PortSpec,
  portsOfConfig,
} from './define-node-type';

/** Looks node types up by type id and version. */
export interface NodeRegistry {
  get(type: string, version: number): AnyNodeType | undefined;
  latest(type: string): AnyNodeType | undefined;
  list(): AnyNodeType[];
}

/** Builds a registry; rejects two definitions of the same type and version. */
export function createRegistry(nodeTypes: readonly AnyNodeType[]): NodeRegistry {
  const byKey = new Map<string, AnyNodeType>();
  const latest = new Map<string, AnyNodeType>();
  for (const nodeType of nodeTypes) {
    const key = `${nodeType.type}@${nodeType.version}`;
    if (byKey.has(key))
      throw new Error(`Node type ${key} is registered twice; each type and version must be unique.`);
    byKey.set(key, nodeType);
    const current = latest.get(nodeType.type);
    if (!current || current.version < nodeType.version) latest.set(nodeType.type, nodeType);
  }
  return {
    get: (type, version) => byKey.get(`${type}@${version}`),
    latest: (type) => latest.get(type),
    list: () => [...latest.values()],
  };
}

/** A node type as the editor sees it: JSON only, with its config as JSON Schema. */
export interface CatalogEntry {
  type: string;
  version: number;
  title: string;
  description: string;
  category: NodeCategory;
  icon: string;
  configSchema: Record<string, unknown>;
  defaults: unknown;
  /** Fixed ports, or null when they depend on the config (the editor asks the compiler). */
  ports: PortSpec[] | null;
  /** The ports a new step of this type starts with (its defaults'), so the editor needs no code of its own. */
  initialPorts: PortSpec[];
  /** The line a new step of this type shows under its title, or null when the type has no summary. */
  initialSummary: string | null;
  hasInput: boolean;
}

/** The catalog served to the editor: latest version of each type, sorted by category then title. */
export function catalogOf(registry: NodeRegistry): CatalogEntry[] {
  const order: NodeCategory[] = ['trigger', 'flow', 'action'];
  return registry
    .list()
    .map((nodeType) => ({
      type: nodeType.type,
      version: nodeType.version,
      title: nodeType.title,
      description: nodeType.description,
      category: nodeType.category,
      icon: nodeType.icon,
      configSchema: z.toJSONSchema(nodeType.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
      defaults: nodeType.defaults,
      ports: typeof nodeType.ports === 'function' ? null : [...nodeType.ports],
      initialPorts: portsOfConfig(nodeType, nodeType.defaults),
      initialSummary: describeConfig(nodeType, nodeType.defaults),
      hasInput: nodeType.category !== 'trigger',
    }))
    .sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || a.title.localeCompare(b.title));
}
