import type { JourneyDocument, JourneyNode } from '@stagecraft/graph';
import { type Dispatch, useCallback, useMemo, useRef } from 'react';
import type { CatalogEntry, PortSpec } from '../api/types';
import { learnSummary } from './canvas/summaries';
import { readClipboard, writeClipboard } from './model/clipboard';
import {
  addNode,
  connect,
  copyFragment,
  insertOnEdge,
  makeRoomAfter,
  moveNodes,
  pasteFragment,
  removeElements,
  updateNode,
} from './model/doc-ops';
import type { HistoryAction } from './model/history';
import { newEdgeId, newNodeId } from './model/ids';
import { computeLanes, fitNodesToLanes, laneAt, moveToOwnLane, NODE_WIDTH } from './model/lanes';
import { layoutJourney } from './model/layout';

/** What is selected on the canvas. */
export interface Selection {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

export const EMPTY_SELECTION: Selection = { nodes: new Set(), edges: new Set() };

interface Options {
  doc: JourneyDocument;
  dispatch: Dispatch<HistoryAction>;
  selection: Selection;
  setSelection: (selection: Selection) => void;
  catalog: ReadonlyMap<string, CatalogEntry>;
  portsOf: (node: JourneyNode) => PortSpec[];
  heightOf: (node: JourneyNode) => number;
  sizeOf: (node: JourneyNode) => { width: number; height: number };
  /** The canvas point at the middle of the visible area, for steps added from the keyboard. */
  viewCenter: () => { x: number; y: number };
  afterLayout: () => void;
}

/** The editing commands behind the canvas, palette, inspector and keyboard; each is one undo step. */
export function useEditorActions(options: Options) {
  const ref = useRef(options);
  ref.current = options;
  const pastes = useRef(0);

  const add = useCallback(
    (type: string, place: { position?: { x: number; y: number }; edgeId?: string } = {}) => {
      const { doc, catalog, dispatch, setSelection, heightOf, portsOf, selection, viewCenter } = ref.current;
      const entry = catalog.get(type);
      if (!entry) return null;
      const id = newNodeId(type, new Set(doc.nodes.map((node) => node.id)));
      const edgeIds = new Set(doc.edges.map((edge) => edge.id));
      const [selectedId] = selection.nodes.size === 1 ? [...selection.nodes] : [];
      const anchor =
        !place.position && !place.edgeId ? doc.nodes.find((node) => node.id === selectedId) : undefined;
      const ports = entry.initialPorts;
      let position =
        place.position ??
        (anchor ? { x: anchor.position.x + NODE_WIDTH + 72, y: anchor.position.y } : viewCenter());
      if (!place.position && !anchor) position = { x: position.x - NODE_WIDTH / 2, y: position.y - 40 };
      const draft: JourneyNode = {
        id,
        type,
        typeVersion: entry.version,
        position: { x: Math.round(position.x), y: Math.round(position.y) },
        config: structuredClone((entry.defaults ?? {}) as Record<string, unknown>),
        stage: anchor?.stage ?? null,
      };
      learnSummary(draft, entry.initialSummary);
      const lane = anchor
        ? null
        : laneAt(computeLanes(doc, heightOf), draft.position.y + heightOf(draft) / 2);
      const staged = lane ? { ...draft, stage: lane.stage?.id ?? null } : draft;
      // On a connection, the step lines up just after the step it follows; what comes after moves right.
      const source =
        place.edgeId &&
        doc.nodes.find(
          (candidate) => candidate.id === doc.edges.find((edge) => edge.id === place.edgeId)?.source,
        );
      const node = source
        ? { ...staged, position: { x: source.position.x + NODE_WIDTH + 72, y: staged.position.y } }
        : staged;
      const recipe = (current: JourneyDocument): JourneyDocument => {
        let next: JourneyDocument;
        if (place.edgeId && entry.hasInput) {
          next = insertOnEdge(current, place.edgeId, node, ports[0]?.id ?? null, newEdgeId(edgeIds));
          next = makeRoomAfter(next, node.id, NODE_WIDTH, 72);
        } else {
          next = addNode(current, node);
          const free =
            anchor && entry.hasInput
              ? portsOf(anchor).find(
                  (port) =>
                    !current.edges.some((edge) => edge.source === anchor.id && edge.sourcePort === port.id),
                )
              : undefined;
          if (anchor && free)
            next = connect(next, { source: anchor.id, sourcePort: free.id, target: id }, newEdgeId(edgeIds));
        }
        return fitNodesToLanes(next, heightOf);
      };
      dispatch({ type: 'edit', recipe });
      setSelection({ nodes: new Set([id]), edges: new Set() });
      return id;
    },
    [],
  );

  const remove = useCallback((nodeIds: Iterable<string>, edgeIds: Iterable<string>) => {
    const nodes = [...nodeIds];
    const edges = [...edgeIds];
    ref.current.dispatch({ type: 'edit', recipe: (doc) => removeElements(doc, nodes, edges) });
    ref.current.setSelection(EMPTY_SELECTION);
  }, []);

  const copy = useCallback(() => {
    const { doc, selection } = ref.current;
    if (selection.nodes.size === 0) return false;
    writeClipboard(copyFragment(doc, selection.nodes));
    pastes.current = 0;
    return true;
  }, []);

  const paste = useCallback(() => {
    const fragment = readClipboard();
    if (!fragment || fragment.nodes.length === 0) return;
    const { doc, dispatch, setSelection, heightOf } = ref.current;
    pastes.current += 1;
    const offset = { x: 48 * pastes.current, y: 48 * pastes.current };
    const result = pasteFragment(doc, fragment, offset, newNodeId, newEdgeId);
    dispatch({ type: 'edit', recipe: () => fitNodesToLanes(result.doc, heightOf) });
    setSelection({ nodes: new Set(result.nodeIds), edges: new Set() });
  }, []);

  const connectPorts = useCallback((source: string, sourcePort: string, target: string) => {
    const { doc, dispatch } = ref.current;
    const id = newEdgeId(new Set(doc.edges.map((edge) => edge.id)));
    dispatch({ type: 'edit', recipe: (current) => connect(current, { source, sourcePort, target }, id) });
  }, []);

  const updateConfig = useCallback((id: string, config: Record<string, unknown>) => {
    ref.current.dispatch({
      type: 'edit',
      recipe: (doc) => updateNode(doc, id, { config }),
      group: `config:${id}`,
      at: Date.now(),
    });
  }, []);

  const setLabel = useCallback((id: string, label: string) => {
    ref.current.dispatch({
      type: 'edit',
      recipe: (doc) => updateNode(doc, id, { label }),
      group: `label:${id}`,
      at: Date.now(),
    });
  }, []);

  const setStage = useCallback((id: string, stage: string | null) => {
    const { heightOf } = ref.current;
    ref.current.dispatch({
      type: 'edit',
      recipe: (doc) => moveToOwnLane(updateNode(doc, id, { stage }), id, heightOf),
    });
  }, []);

  const editDocument = useCallback((recipe: (doc: JourneyDocument) => JourneyDocument, group?: string) => {
    ref.current.dispatch({ type: 'edit', recipe, group, at: Date.now() });
  }, []);

  const layout = useCallback(async () => {
    const { doc, sizeOf, portsOf, dispatch, afterLayout } = ref.current;
    const positions = await layoutJourney(doc, {
      size: sizeOf,
      ports: (node) => portsOf(node).map((port) => port.id),
    });
    dispatch({ type: 'edit', recipe: (current) => moveNodes(current, positions) });
    afterLayout();
  }, []);

  return useMemo(
    () => ({
      add,
      remove,
      copy,
      paste,
      connectPorts,
      updateConfig,
      setLabel,
      setStage,
      editDocument,
      layout,
    }),
    [add, remove, copy, paste, connectPorts, updateConfig, setLabel, setStage, editDocument, layout],
  );
}

export type EditorActions = ReturnType<typeof useEditorActions>;
