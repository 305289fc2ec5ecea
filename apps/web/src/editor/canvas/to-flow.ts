import type { JourneyDocument, JourneyEdge, JourneyNode } from '@stagecraft/graph';
import type { CatalogEntry, NodeStats, PortSpec } from '../../api/types';
import type { ArmRate } from '../../experiments/ArmRates';
import type { EdgeCount } from './edge-counts';
import { summaryOf } from './summaries';
import type { FlowEdge, FlowNode, JourneyNodeData, SimulationMark } from './types';

/** A step's problems, summed up for its card. */
export interface NodeProblems {
  errors: number;
  warnings: number;
  first: string | null;
}

export interface FlowInput {
  doc: JourneyDocument;
  catalog: ReadonlyMap<string, CatalogEntry>;
  /** Output ports the compiler derived from each step's config (splits). */
  ports: Readonly<Record<string, PortSpec[]>>;
  problems: ReadonlyMap<string, NodeProblems>;
  stats: Readonly<Record<string, NodeStats>> | null;
  /** Each split's arms with their rates, by node id, on a published journey. */
  experiments: ReadonlyMap<string, readonly ArmRate[]>;
  simulation: ReadonlyMap<string, SimulationMark>;
  selected: ReadonlySet<string>;
  measured: ReadonlyMap<string, { width: number; height: number }>;
  readOnly: boolean;
}

const NO_PORTS: PortSpec[] = [];
/** A step nobody reached yet still shows its numbers, as zeros. */
const NO_COUNTS: NodeStats = { entered: 0, waiting: 0, completed: 0, errored: 0, capped: 0, deferred: 0 };

/**
 * Turns the journey into React Flow nodes, reusing the previous object for every step whose
 * inputs did not change, so memoized cards re-render only where something happened (this is
 * what keeps dragging smooth on a 1,000-step journey).
 */
export function createNodeBuilder() {
  const cache = new Map<string, { key: unknown[]; node: FlowNode }>();
  let edgesRef: JourneyEdge[] | null = null;
  let usedPorts = new Map<string, string[]>();

  return function build(input: FlowInput): FlowNode[] {
    if (input.doc.edges !== edgesRef) {
      edgesRef = input.doc.edges;
      usedPorts = new Map();
      for (const edge of input.doc.edges) {
        const list = usedPorts.get(edge.source) ?? [];
        if (!list.includes(edge.sourcePort)) list.push(edge.sourcePort);
        usedPorts.set(edge.source, list);
      }
    }
    const stages = new Map(input.doc.stages.map((stage) => [stage.id, stage]));
    const seen = new Set<string>();
    const nodes = input.doc.nodes.map((node) => {
      seen.add(node.id);
      const entry = input.catalog.get(node.type);
      const ports = entry?.ports ?? input.ports[node.id] ?? NO_PORTS;
      const stale = (usedPorts.get(node.id) ?? [])
        .filter((port) => !ports.some((spec) => spec.id === port))
        .join('\u0000');
      const stage = node.stage ? stages.get(node.stage) : undefined;
      const problems = input.problems.get(node.id);
      const counts = input.stats ? (input.stats[node.id] ?? NO_COUNTS) : null;
      const summary = summaryOf(node, fallbackSummary(node, entry));
      const key = [
        node,
        entry,
        summary,
        ports,
        stale,
        stage,
        problems?.errors ?? 0,
        problems?.warnings ?? 0,
        problems?.first ?? null,
        counts?.entered,
        counts?.waiting,
        counts?.completed,
        counts?.errored,
        input.experiments.get(node.id) ?? null,
        input.simulation.get(node.id) ?? null,
        input.selected.has(node.id),
        input.measured.get(node.id),
        input.readOnly,
      ];
      const cached = cache.get(node.id);
      if (cached && sameKey(cached.key, key)) return cached.node;
      const flowNode = toFlowNode(
        node,
        entry,
        ports,
        stale ? stale.split('\u0000') : [],
        summary,
        stage,
        problems,
        counts,
        input,
      );
      cache.set(node.id, { key, node: flowNode });
      return flowNode;
    });
    for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
    return nodes;
  };
}

/** What a card says before the server has summed its config up: the type's description. */
function fallbackSummary(node: JourneyNode, entry: CatalogEntry | undefined): string {
  return entry ? entry.description : `This editor does not know the step type "${node.type}".`;
}

function sameKey(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

function toFlowNode(
  node: JourneyNode,
  entry: CatalogEntry | undefined,
  ports: PortSpec[],
  stalePorts: string[],
  summary: string,
  stage: { name: string; color: string } | undefined,
  problems: NodeProblems | undefined,
  counts: NodeStats | null,
  input: FlowInput,
): FlowNode {
  const typeTitle = entry?.title ?? node.type;
  const data: JourneyNodeData = {
    node,
    title: node.label || typeTitle,
    typeTitle,
    summary,
    icon: entry?.icon ?? 'alert',
    cardView: entry?.cardView ?? null,
    category: entry?.category ?? 'unknown',
    hasInput: entry?.hasInput ?? true,
    ports,
    stalePorts,
    stageName: stage?.name ?? null,
    stageColor: stage?.color ?? null,
    errors: problems?.errors ?? 0,
    warnings: problems?.warnings ?? 0,
    problem: problems?.first ?? null,
    counts,
    experiment: input.experiments.get(node.id) ?? null,
    simulation: input.simulation.get(node.id) ?? null,
  };
  const measured = input.measured.get(node.id);
  return {
    id: node.id,
    type: 'journey',
    position: node.position,
    data,
    selected: input.selected.has(node.id),
    ariaLabel: `${data.title} (${data.typeTitle})${data.stageName ? `, stage ${data.stageName}` : ''}${
      data.errors + data.warnings ? `. ${data.errors + data.warnings} problem(s): ${data.problem ?? ''}` : ''
    }`,
    draggable: !input.readOnly,
    connectable: !input.readOnly,
    deletable: !input.readOnly,
    ...(measured ? { measured } : {}),
  };
}

/**
 * React Flow edges for the journey's connections; simulated paths are drawn highlighted, and on
 * a published journey each connection carries its live numbers (`counts`, by edge id).
 */
export function createEdgeBuilder() {
  const cache = new Map<string, { key: unknown[]; edge: FlowEdge }>();
  // The same array while nothing changed, so React Flow does not re-index every connection on each
  // frame of a drag (that would cost a 1,000-step journey most of its frame budget).
  let previous: FlowEdge[] = [];
  return function build(
    journeyEdges: readonly JourneyEdge[],
    selected: ReadonlySet<string>,
    highlighted: ReadonlySet<string>,
    readOnly: boolean,
    counts: ReadonlyMap<string, EdgeCount> | null = null,
  ): FlowEdge[] {
    const next = journeyEdges.map((edge) => {
      const lit = highlighted.has(`${edge.source}\u0000${edge.target}`);
      const count = counts?.get(edge.id) ?? null;
      const key = [edge, selected.has(edge.id), lit, readOnly, count?.text];
      const cached = cache.get(edge.id);
      if (cached && sameKey(cached.key, key)) return cached.edge;
      const flowEdge: FlowEdge = {
        id: edge.id,
        source: edge.source,
        sourceHandle: edge.sourcePort,
        target: edge.target,
        targetHandle: 'in',
        type: count ? 'counted' : 'smoothstep',
        ariaLabel: `Connection from ${edge.source} (${edge.sourcePort}) to ${edge.target}${
          count ? `: ${count.text}` : ''
        }`,
        selected: selected.has(edge.id),
        deletable: !readOnly,
        animated: lit,
        className: lit ? 'edge-lit' : undefined,
        data: { highlighted: lit, count },
      };
      cache.set(edge.id, { key, edge: flowEdge });
      return flowEdge;
    });
    if (next.length === previous.length && next.every((edge, index) => edge === previous[index]))
      return previous;
    previous = next;
    return next;
  };
}
