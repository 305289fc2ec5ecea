import './JourneyEditor.css';
import type { JourneyDocument, JourneyNode } from '@stagecraft/graph';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { errorMessage } from '../api/client';
import type { CatalogEntry, JourneyDetail } from '../api/types';
import type { ArmRate } from '../experiments/ArmRates';
import { type ExperimentView, experimentQueries } from '../experiments/queries';
import { journeyQueries } from '../journeys/queries';
import { useCan } from '../people/queries';
import { useSimulation } from '../simulation/useSimulation';
import { useToast } from '../ui/toasts';
import { useTitle } from '../ui/useTitle';
import { ApprovalBanner } from './ApprovalBanner';
import { Canvas } from './canvas/Canvas';
import { EditorBanners } from './EditorBanners';
import { EditorHeader } from './EditorHeader';
import { historyReducer, initialHistory } from './model/history';
import { WaitingPanel } from './overlay/WaitingPanel';
import { Palette } from './Palette';
import { PublishDialog } from './PublishDialog';
import { SidePanel, type SideTab } from './SidePanel';
import { useAutosave } from './useAutosave';
import { useDiagnostics } from './useDiagnostics';
import { EMPTY_SELECTION, type Selection, useEditorActions } from './useEditorActions';
import { useMeasured } from './useMeasured';
import { useShortcuts } from './useShortcuts';

export interface JourneyEditorProps {
  journey: JourneyDetail;
  document: JourneyDocument;
  catalog: readonly CatalogEntry[];
  /** Set when an old version is open: everything is read-only. */
  viewingVersion: number | null;
  /** Loads the journey again from the server (after a conflict or a restore). */
  onReload: () => void;
}

/** The journey editor: palette, canvas and side panel around one document with undo history. */
export function JourneyEditor(props: JourneyEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

const fitOptions = { maxZoom: 1, padding: 0.15, duration: 300 };

function EditorBody({
  journey,
  document: initial,
  catalog: entries,
  viewingVersion,
  onReload,
}: JourneyEditorProps) {
  // Old versions are frozen, an archived journey's draft can no longer change, and a viewer edits nothing.
  const canWrite = useCan('journeys:write');
  const readOnly = viewingVersion !== null || journey.status === 'archived' || !canWrite;
  const flow = useReactFlow();
  const toast = useToast();
  const catalog = useMemo(() => new Map(entries.map((entry) => [entry.type, entry])), [entries]);
  const [history, dispatch] = useReducer(historyReducer, initial, initialHistory);
  const doc = history.doc;
  useTitle(viewingVersion === null ? doc.name : `${doc.name} (version ${viewingVersion})`);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [tab, setTab] = useState<SideTab>(readOnly ? 'versions' : 'step');
  const [showHelp, setShowHelp] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [showCounts, setShowCounts] = useState(true);

  const diagnostics = useDiagnostics(journey.id, doc, true);
  const portsOf = useCallback(
    (node: JourneyNode) => catalog.get(node.type)?.ports ?? diagnostics.ports[node.id] ?? [],
    [catalog, diagnostics.ports],
  );
  const { measured, onDimensions, heightOf, sizeOf } = useMeasured((node) => portsOf(node).length);
  const autosave = useAutosave(journey.id, doc, journey.revision, !readOnly);
  const countsOn = showCounts && journey.publishedVersion !== null;
  const stats = useQuery(journeyQueries.stats(journey.id, countsOn, viewingVersion));
  const experiments = useQuery(experimentQueries.journey(journey.id, journey.publishedVersion !== null));
  const armRates = useMemo(() => armRatesByNode(experiments.data), [experiments.data]);
  const simulation = useSimulation(doc);
  // The one selected step of a published journey where customers wait: its waiting list shows.
  const waitingAt = useMemo(() => {
    if (!countsOn || selection.nodes.size !== 1) return null;
    const [id] = selection.nodes;
    if (!id || !stats.data?.nodes[id]?.waiting) return null;
    return doc.nodes.find((node) => node.id === id) ?? null;
  }, [countsOn, selection.nodes, stats.data, doc.nodes]);

  const fit = useCallback(() => void flow.fitView(fitOptions), [flow]);
  const viewCenter = useCallback(() => {
    const pane = window.document.querySelector('.react-flow')?.getBoundingClientRect();
    if (!pane) return { x: 0, y: 0 };
    return flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 });
  }, [flow]);
  const actions = useEditorActions({
    doc,
    dispatch,
    selection,
    setSelection,
    catalog,
    portsOf,
    heightOf,
    sizeOf,
    viewCenter,
    afterLayout: () => window.requestAnimationFrame(fit),
  });

  const focusNode = useCallback(
    (ids: string | readonly string[]) => {
      const list = typeof ids === 'string' ? [ids] : ids;
      setSelection({ nodes: new Set(list), edges: new Set() });
      void flow.fitView({ nodes: list.map((id) => ({ id })), maxZoom: 1.1, duration: 300, padding: 0.4 });
    },
    [flow],
  );
  const focusEdge = useCallback(
    (id: string) => {
      const edge = doc.edges.find((candidate) => candidate.id === id);
      setSelection({ nodes: new Set(), edges: new Set([id]) });
      if (edge)
        void flow.fitView({ nodes: [{ id: edge.source }, { id: edge.target }], duration: 300, padding: 0.4 });
    },
    [doc.edges, flow],
  );

  useShortcuts(
    {
      undo: () => dispatch({ type: 'undo' }),
      redo: () => dispatch({ type: 'redo' }),
      copy: actions.copy,
      cut: () => actions.copy() && actions.remove(selection.nodes, selection.edges),
      paste: actions.paste,
      duplicate: () => actions.copy() && actions.paste(),
      selectAll: () => setSelection({ nodes: new Set(doc.nodes.map((node) => node.id)), edges: new Set() }),
      layout: () => void actions.layout().catch(toast.error),
      fit,
      help: () => setShowHelp((open) => !open),
    },
    !readOnly,
  );

  // Each simulation step brings the path travelled so far into view, so it can be watched lighting up.
  const simulatedReport = simulation.report;
  useEffect(() => {
    if (!simulatedReport || simulation.marks.size === 0) return;
    const nodes = [...simulation.marks.keys()].map((id) => ({ id }));
    void flow.fitView({ nodes, duration: 400, maxZoom: 1, minZoom: 0.45, padding: 0.25 });
  }, [simulatedReport, simulation.marks, flow]);

  const openStep = useCallback(
    (type: string) => {
      actions.add(type);
      setTab('step');
    },
    [actions],
  );
  const simulationView = tab === 'test' ? simulation : null;

  return (
    <div className="editor" data-testid="editor" data-journey-id={journey.id} data-read-only={readOnly}>
      <EditorHeader
        journey={journey}
        name={doc.name}
        onRename={(name) => actions.editDocument((current) => ({ ...current, name }), 'name')}
        autosave={autosave}
        readOnly={readOnly}
        canUndo={history.past.length > 0}
        canRedo={history.future.length > 0}
        onUndo={() => dispatch({ type: 'undo' })}
        onRedo={() => dispatch({ type: 'redo' })}
        onLayout={() => void actions.layout().catch(toast.error)}
        onFit={fit}
        showHelp={showHelp}
        onToggleHelp={setShowHelp}
        errorCount={diagnostics.errorCount}
        warningCount={diagnostics.warningCount}
        onShowProblems={() => setTab('problems')}
        showCounts={showCounts}
        onToggleCounts={setShowCounts}
        onPublish={() => setPublishing(true)}
      />
      <EditorBanners
        journey={journey}
        autosave={autosave}
        viewingVersion={viewingVersion}
        doc={doc}
        onReload={onReload}
      />
      {viewingVersion === null && <ApprovalBanner journey={journey} />}
      <div className="editor-body">
        {!readOnly && <Palette catalog={entries} onAdd={openStep} />}
        <Canvas
          doc={doc}
          dispatch={dispatch}
          actions={actions}
          catalog={catalog}
          ports={diagnostics.ports}
          problems={diagnostics.byNode}
          stats={countsOn ? (stats.data?.nodes ?? null) : null}
          edgeStats={countsOn ? (stats.data?.edges ?? null) : null}
          overlay={
            waitingAt && (
              <WaitingPanel
                journeyId={journey.id}
                version={viewingVersion}
                nodeId={waitingAt.id}
                title={waitingAt.label || catalog.get(waitingAt.type)?.title || waitingAt.type}
                waiting={stats.data?.nodes[waitingAt.id]?.waiting ?? 0}
                onClose={() => setSelection(EMPTY_SELECTION)}
              />
            )
          }
          experiments={countsOn ? armRates : undefined}
          simulation={simulationView ?? NO_SIMULATION}
          selection={selection}
          onSelectionChange={setSelection}
          measured={measured}
          onDimensions={onDimensions}
          heightOf={heightOf}
          readOnly={readOnly}
          notice={
            countsOn && stats.isError ? (
              <p className="canvas-notice" role="status" data-testid="stats-error">
                Live numbers are unavailable. {errorMessage(stats.error)}
              </p>
            ) : null
          }
          onOpenNode={() =>
            setTab((current) => (current === 'test' || current === 'problems' ? current : 'step'))
          }
        />
        <SidePanel
          tab={tab}
          onTab={setTab}
          journey={journey}
          doc={doc}
          catalog={catalog}
          selection={selection}
          diagnostics={diagnostics}
          actions={actions}
          readOnly={readOnly}
          viewingVersion={viewingVersion}
          onReload={onReload}
          simulation={simulation}
          onFocusNode={focusNode}
          onFocusEdge={focusEdge}
          experiments={experiments.data}
        />
      </div>
      {publishing && (
        <PublishDialog
          journey={journey}
          doc={doc}
          catalog={catalog}
          autosave={autosave}
          onClose={() => setPublishing(false)}
        />
      )}
    </div>
  );
}

const NO_SIMULATION = { marks: new Map(), edges: new Set<string>() };

/** The card's view of each split's results: arms (holdout included) with rate and interval. */
function armRatesByNode(experiments: ExperimentView[] | undefined): ReadonlyMap<string, readonly ArmRate[]> {
  return new Map(
    (experiments ?? []).map((experiment) => [
      experiment.nodeId,
      experiment.arms.map((arm) => ({ id: arm.id, label: arm.label, rate: arm.rate, ci: arm.ci })),
    ]),
  );
}
