import './Canvas.css';
import type { JourneyDocument } from '@stagecraft/graph';
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  Panel,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import type { CatalogEntry, EdgeStats, NodeStats, PortSpec } from '../../api/types';
import type { ArmRate } from '../../experiments/ArmRates';
import { moveNodes } from '../model/doc-ops';
import type { HistoryAction } from '../model/history';
import { computeLanes, dropIntoLanes, type Lane, laneAt, NODE_WIDTH } from '../model/lanes';
import type { EditorActions, Selection } from '../useEditorActions';
import { CountedEdge } from './CountedEdge';
import { edgeCounts } from './edge-counts';
import { JourneyNodeCard } from './JourneyNodeCard';
import { Lanes } from './Lanes';
import { createEdgeBuilder, createNodeBuilder, type NodeProblems } from './to-flow';
import type { FlowEdge, FlowNode, SimulationMark } from './types';
import { initialViewport } from './viewport';

const NO_EXPERIMENTS: ReadonlyMap<string, readonly ArmRate[]> = new Map();

/** The data type a palette item carries while dragged. */
export const PALETTE_MIME = 'application/x-stagecraft-node-type';

const nodeTypes = { journey: JourneyNodeCard };
const edgeTypes = { counted: CountedEdge };
const fitViewOptions = { maxZoom: 1, padding: 0.15 };
const deleteKeys = ['Backspace', 'Delete'];
const proOptions = { hideAttribution: true };
const LARGE_JOURNEY = 300;

interface CanvasProps {
  doc: JourneyDocument;
  dispatch: (action: HistoryAction) => void;
  actions: EditorActions;
  catalog: ReadonlyMap<string, CatalogEntry>;
  ports: Readonly<Record<string, PortSpec[]>>;
  problems: ReadonlyMap<string, NodeProblems>;
  stats: Readonly<Record<string, NodeStats>> | null;
  /** Live runs and conversions per connection, on a published journey. */
  edgeStats?: readonly EdgeStats[] | null;
  /** Each split's arms with their rates, by node id (published journeys). */
  experiments?: ReadonlyMap<string, readonly ArmRate[]>;
  simulation: { marks: ReadonlyMap<string, SimulationMark>; edges: ReadonlySet<string> };
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  measured: ReadonlyMap<string, { width: number; height: number }>;
  onDimensions: (changes: NodeChange<FlowNode>[]) => void;
  heightOf: (node: JourneyDocument['nodes'][number]) => number;
  readOnly: boolean;
  onOpenNode: (id: string) => void;
  /** A short notice shown over the canvas, e.g. when live numbers cannot be loaded. */
  notice?: ReactNode;
  /** A panel over the canvas's upper right corner, e.g. the customers waiting at the selected step. */
  overlay?: ReactNode;
}

/** The journey canvas: steps, connections, lifecycle lanes, drag and drop from the palette. */
export function Canvas(props: CanvasProps) {
  const { doc, dispatch, actions, catalog, selection, onSelectionChange, heightOf, readOnly } = props;
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const buildNodes = useMemo(createNodeBuilder, []);
  const buildEdges = useMemo(createEdgeBuilder, []);
  const frozenLanes = useRef<Lane[]>([]);
  const [dropEdge, setDropEdge] = useState<string | null>(null);
  const [dropStage, setDropStage] = useState<string | null | undefined>(undefined);
  const wrapper = useRef<HTMLDivElement>(null);

  const nodes = useMemo(
    () =>
      buildNodes({
        doc,
        catalog,
        ports: props.ports,
        problems: props.problems,
        stats: props.stats,
        experiments: props.experiments ?? NO_EXPERIMENTS,
        simulation: props.simulation.marks,
        selected: selection.nodes,
        measured: props.measured,
        readOnly,
      }),
    [
      buildNodes,
      doc,
      catalog,
      props.ports,
      props.problems,
      props.stats,
      props.experiments,
      props.simulation.marks,
      selection.nodes,
      props.measured,
      readOnly,
    ],
  );
  const counts = useMemo(
    () => (props.edgeStats ? edgeCounts(doc, props.edgeStats) : null),
    [doc, props.edgeStats],
  );
  const edges = useMemo(() => {
    const selected = dropEdge ? new Set([...selection.edges, dropEdge]) : selection.edges;
    return buildEdges(doc.edges, selected, props.simulation.edges, readOnly, counts);
  }, [buildEdges, doc.edges, selection.edges, dropEdge, props.simulation.edges, readOnly, counts]);
  const lanes = useMemo(() => computeLanes(doc, heightOf), [doc, heightOf]);
  const liveExtent = useMemo(() => {
    if (doc.nodes.length === 0) return { left: 0, right: 800 };
    let left = Number.POSITIVE_INFINITY;
    let right = Number.NEGATIVE_INFINITY;
    for (const node of doc.nodes) {
      left = Math.min(left, node.position.x);
      right = Math.max(right, node.position.x + NODE_WIDTH);
    }
    return { left, right };
  }, [doc.nodes]);
  // While a step is dragged the lanes stay as they were, so the bands do not jump under the pointer
  // (and the wide bands are not repainted on every frame).
  const [frozen, setFrozen] = useState<{ lanes: Lane[]; extent: typeof liveExtent } | null>(null);
  const shownLanes = frozen?.lanes ?? lanes;
  const extent = frozen?.extent ?? liveExtent;

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      props.onDimensions(changes);
      const positions = new Map<string, { x: number; y: number }>();
      let nodesSelected: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'position' && change.position) positions.set(change.id, change.position);
        if (change.type === 'select') {
          nodesSelected ??= new Set(selection.nodes);
          if (change.selected) nodesSelected.add(change.id);
          else nodesSelected.delete(change.id);
        }
      }
      if (positions.size && !readOnly)
        dispatch({ type: 'transient', recipe: (current) => moveNodes(current, positions) });
      if (nodesSelected) onSelectionChange({ nodes: nodesSelected, edges: selection.edges });
    },
    [props.onDimensions, dispatch, selection, onSelectionChange, readOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      let edgesSelected: Set<string> | null = null;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        edgesSelected ??= new Set(selection.edges);
        if (change.selected) edgesSelected.add(change.id);
        else edgesSelected.delete(change.id);
      }
      if (edgesSelected) onSelectionChange({ nodes: selection.nodes, edges: edgesSelected });
    },
    [selection, onSelectionChange],
  );

  const isValidConnection = useCallback(
    (connection: Connection | FlowEdge) => {
      if (connection.source === connection.target) return false;
      const target = doc.nodes.find((node) => node.id === connection.target);
      return Boolean(target && (catalog.get(target.type)?.hasInput ?? true));
    },
    [doc.nodes, catalog],
  );

  /** The connection under the pointer while a palette item is dragged, found through the edges' wide hit paths. */
  const edgeAt = (x: number, y: number): string | null => {
    for (const element of document.elementsFromPoint(x, y)) {
      const edge = element.closest('.react-flow__edge');
      const id = edge?.getAttribute('data-id');
      if (id) return id;
    }
    return null;
  };

  const onDragOver = (event: DragEvent) => {
    if (readOnly || !event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const edge = edgeAt(event.clientX, event.clientY);
    if (edge !== dropEdge) setDropEdge(edge);
    const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const stage = laneAt(lanes, point.y)?.stage?.id;
    const key = lanes.length ? (stage ?? null) : undefined;
    if (key !== dropStage) setDropStage(key);
  };

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_MIME);
    setDropEdge(null);
    setDropStage(undefined);
    if (!type || readOnly) return;
    event.preventDefault();
    const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const edgeId = edgeAt(event.clientX, event.clientY) ?? undefined;
    actions.add(type, { position: { x: point.x - NODE_WIDTH / 2, y: point.y - 36 }, edgeId });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the canvas is a drop target for palette items; the palette itself is keyboard reachable.
    <div
      ref={wrapper}
      // On large journeys the minimap redraws every step on each frame of a drag; it rests meanwhile.
      className={frozen && doc.nodes.length > LARGE_JOURNEY ? 'canvas canvas-dragging-large' : 'canvas'}
      data-testid="canvas"
      onDragOver={onDragOver}
      onDragLeave={() => {
        setDropEdge(null);
        setDropStage(undefined);
      }}
      onDrop={onDrop}
    >
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(connection) => {
          if (!readOnly && connection.source && connection.target) {
            actions.connectPorts(connection.source, connection.sourceHandle ?? 'out', connection.target);
          }
        }}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => {
          frozenLanes.current = lanes;
          setFrozen({ lanes, extent: liveExtent });
          dispatch({ type: 'checkpoint' });
        }}
        onNodeDragStop={(_event, _node, dragged) => {
          const ids = new Set(dragged.map((node) => node.id));
          dispatch({
            type: 'transient',
            recipe: (current) => dropIntoLanes(current, ids, frozenLanes.current, heightOf),
          });
          setFrozen(null);
        }}
        onDelete={({ nodes: removedNodes, edges: removedEdges }) =>
          actions.remove(
            removedNodes.map((node) => node.id),
            removedEdges.map((edge) => edge.id),
          )
        }
        onNodeClick={(_event, node) => props.onOpenNode(node.id)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={readOnly ? null : deleteKeys}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        selectionKeyCode="Shift"
        onInit={(instance) => {
          const pane = wrapper.current?.getBoundingClientRect();
          if (pane) void instance.setViewport(initialViewport(doc, lanes, heightOf, pane));
        }}
        minZoom={0.1}
        maxZoom={1.75}
        onlyRenderVisibleElements={doc.nodes.length > 200}
        proOptions={proOptions}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        ariaLabelConfig={{
          'node.a11yDescription.default':
            'Press Enter or Space to select this step. Arrow keys move it; Delete removes it.',
        }}
      >
        {props.notice && <Panel position="top-left">{props.notice}</Panel>}
        {props.overlay && <Panel position="top-right">{props.overlay}</Panel>}
        <Lanes lanes={shownLanes} left={extent.left} right={extent.right} activeStage={dropStage} />
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <MiniMap
          pannable
          zoomable
          nodeStrokeWidth={3}
          nodeColor={minimapColor}
          ariaLabel="Minimap of the journey"
          style={{ width: 168, height: 112 }}
        />
        <Controls showInteractive={false} fitViewOptions={fitViewOptions} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}

function minimapColor(node: FlowNode): string {
  if (node.data.errors) return '#ef4444';
  if (node.data.simulation) return '#16a34a';
  return node.data.stageColor ?? '#94a3b8';
}
