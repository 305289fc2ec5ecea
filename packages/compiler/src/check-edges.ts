import type { JourneyDocument } from '@stagecraft/graph';
import { type DiagnosticList, type NamedStep, stepName, stepSubject } from './diagnostics';
import type { ResolvedNode } from './resolve-nodes';

/** Where each port of each resolved node leads (null: unconnected), and every edge between existing nodes. */
export interface Wiring {
  targets: Map<string, Record<string, string | null>>;
  edges: { id: string; source: string; port: string; target: string }[];
}

/**
 * Checks connections against the nodes' ports: an edge from a port the node does not have, two
 * edges from one port, an edge into a trigger, reserved ids, and ports left unconnected
 * (a warning: customers who leave there complete the journey).
 */
export function checkEdges(
  journey: JourneyDocument,
  resolved: ReadonlyMap<string, ResolvedNode>,
  diagnostics: DiagnosticList,
  step: (id: string) => NamedStep,
): Wiring {
  const nodes = new Map(journey.nodes.map((node) => [node.id, node] as const));
  for (const node of nodes.values()) {
    if (node.id.startsWith('__')) {
      diagnostics.error(
        'reserved-id',
        `Step id "${node.id}" is reserved (ids may not start with "__"); rename it.`,
        {
          nodeId: node.id,
          path: 'id',
        },
      );
    }
  }

  const targets = new Map<string, Record<string, string | null>>();
  for (const [id, entry] of resolved) {
    targets.set(id, Object.fromEntries(entry.ports.map((port) => [port.id, null])));
  }
  const edges: Wiring['edges'] = [];
  for (const edge of journey.edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) continue;
    edges.push({ id: edge.id, source: edge.source, port: edge.sourcePort, target: edge.target });
    const at = {
      edgeId: edge.id,
      nodeId: edge.source,
      detail: { kind: 'port' as const, nodeId: edge.source, port: edge.sourcePort },
    };
    if (resolved.get(edge.target)?.compilation.trigger) {
      diagnostics.error(
        'edge-into-trigger',
        `${stepSubject(step(edge.source))} is connected into ${stepName(step(edge.target))}, a trigger; customers enter there, they cannot be sent there. Remove the connection.`,
        { edgeId: edge.id, nodeId: edge.target },
      );
    }
    const ports = targets.get(edge.source);
    if (!ports) continue;
    if (!Object.hasOwn(ports, edge.sourcePort)) {
      const names = Object.keys(ports);
      const choice =
        names.length > 0
          ? `Connect it from ${names.map((p) => `"${p}"`).join(', ')}.`
          : 'This step has no outputs.';
      diagnostics.error(
        'unknown-port',
        `A connection leaves ${stepName(step(edge.source))} from an output "${edge.sourcePort}" that this step does not have. ${choice}`,
        at,
      );
      continue;
    }
    const existing = ports[edge.sourcePort];
    if (existing === null || existing === undefined) {
      ports[edge.sourcePort] = edge.target;
    } else if (existing !== edge.target) {
      diagnostics.error(
        'port-has-several-edges',
        `Output "${portLabel(resolved.get(edge.source), edge.sourcePort)}" of ${stepName(step(edge.source))} is connected to both ${stepName(step(existing))} and ${stepName(step(edge.target))}; a customer can only go one way. Keep one connection.`,
        at,
      );
    }
  }

  for (const [id, ports] of targets) {
    const entry = resolved.get(id) as ResolvedNode;
    for (const [port, target] of Object.entries(ports)) {
      if (target !== null) continue;
      diagnostics.warning(
        'unconnected-port',
        `Output "${portLabel(entry, port)}" of ${stepName(entry)} is not connected; customers who leave there complete the journey.`,
        { nodeId: id, path: `ports.${port}`, detail: { kind: 'port', nodeId: id, port } },
      );
    }
  }
  return { targets, edges };
}

/** What the canvas calls a port: its label, else its id. */
function portLabel(entry: ResolvedNode | undefined, port: string): string {
  return entry?.ports.find((spec) => spec.id === port)?.label ?? port;
}
