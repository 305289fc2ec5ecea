import './SidePanel.css';
import { issueNodeIds, type JourneyDocument } from '@stagecraft/graph';
import { useMemo } from 'react';
import type { CatalogEntry, JourneyDetail } from '../api/types';
import type { ExperimentView } from '../experiments/queries';
import { SplitExperiment } from '../experiments/SplitExperiment';
import { SimulationPanel } from '../simulation/SimulationPanel';
import type { SimulationSession } from '../simulation/useSimulation';
import { TestClockPanel } from '../test-clocks/TestClockPanel';
import { Tabs } from '../ui/Tabs';
import { Inspector } from './Inspector';
import { JourneySettingsPanel } from './JourneySettingsPanel';
import { ProblemsList } from './ProblemsList';
import { SelectionPanel } from './SelectionPanel';
import { TestTab } from './TestTab';
import {
  fieldSuggestions,
  httpStepKey,
  previewRenderer,
  templateVariables,
  useStableConfigs,
} from './template-scope';
import type { Diagnostics } from './useDiagnostics';
import type { EditorActions, Selection } from './useEditorActions';
import { VersionsPanel } from './VersionsPanel';

/** The side panel's tabs. */
export type SideTab = 'step' | 'problems' | 'test' | 'versions' | 'journey';

interface SidePanelProps {
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  journey: JourneyDetail;
  doc: JourneyDocument;
  catalog: ReadonlyMap<string, CatalogEntry>;
  selection: Selection;
  diagnostics: Diagnostics;
  actions: EditorActions;
  readOnly: boolean;
  viewingVersion: number | null;
  onReload: () => void;
  simulation: SimulationSession;
  onFocusNode: (ids: string | readonly string[]) => void;
  onFocusEdge: (id: string) => void;
  /** The published journey's experiments, for a selected split's results. */
  experiments: ExperimentView[] | undefined;
}

/** The editor's right-hand panel: the selected step, problems, test mode, versions and journey settings. */
export function SidePanel(props: SidePanelProps) {
  const { tab, doc, catalog, selection, diagnostics, actions, readOnly, simulation } = props;
  const customer = simulation.customer;
  // Moving steps changes the document on every frame; these depend only on the steps' configs.
  const configs = useStableConfigs(doc.nodes);
  const httpSteps = httpStepKey(doc.nodes);
  const variables = useMemo(
    () => templateVariables(httpSteps ? httpSteps.split(' ') : [], customer),
    [httpSteps, customer],
  );
  const suggestions = useMemo(() => fieldSuggestions(configs, customer), [configs, customer]);
  const renderPreview = useMemo(() => previewRenderer(customer), [customer]);
  const settingsErrors = useMemo(() => {
    const errors: Record<string, string> = {};
    for (const issue of diagnostics.issues) {
      if (issue.path?.startsWith('settings.')) errors[issue.path.slice('settings.'.length)] = issue.message;
    }
    return errors;
  }, [diagnostics.issues]);
  const [selectedId] = selection.nodes.size === 1 ? [...selection.nodes] : [];
  const selectedNode = selectedId ? doc.nodes.find((node) => node.id === selectedId) : undefined;
  const selectedIssues = useMemo(
    () =>
      diagnostics.issues.filter(
        (issue) => selectedId !== undefined && issueNodeIds(issue).includes(selectedId),
      ),
    [diagnostics.issues, selectedId],
  );
  // Kept while a step is dragged (its config does not change), so the memoized form does not re-render.
  const splitConfig = selectedNode?.type === 'random-split' ? selectedNode.config : null;
  const journeyId = props.journey.id;
  const experiments = props.experiments;
  const splitExtra = useMemo(
    () =>
      splitConfig && selectedId ? (
        <SplitExperiment
          journeyId={journeyId}
          config={splitConfig}
          experiment={experiments?.find((e) => e.nodeId === selectedId)}
          readOnly={readOnly}
        />
      ) : null,
    [splitConfig, selectedId, journeyId, experiments, readOnly],
  );
  const problemTotal = diagnostics.errorCount + diagnostics.warningCount;

  return (
    <aside className="side-panel" aria-label="Details">
      <Tabs
        label="Editor panels"
        active={tab}
        onChange={props.onTab}
        tabs={[
          { id: 'step', label: 'Step' },
          {
            id: 'problems',
            label: 'Problems',
            badge: problemTotal ? (
              <span className={diagnostics.errorCount ? 'tab-badge tab-badge-error' : 'tab-badge'}>
                {problemTotal}
              </span>
            ) : null,
          },
          { id: 'test', label: 'Test' },
          { id: 'versions', label: 'Versions' },
          { id: 'journey', label: 'Journey' },
        ]}
      >
        {tab === 'step' &&
          (selectedNode ? (
            <Inspector
              key={selectedNode.id}
              node={selectedNode}
              entry={catalog.get(selectedNode.type)}
              issues={selectedIssues}
              stages={doc.stages}
              actions={actions}
              readOnly={readOnly}
              fieldSuggestions={suggestions}
              variables={variables}
              renderPreview={renderPreview}
              extra={splitExtra}
            />
          ) : (
            <SelectionPanel
              selection={selection}
              doc={doc}
              catalog={catalog}
              actions={actions}
              readOnly={readOnly}
            />
          ))}
        {tab === 'problems' && (
          <ProblemsList
            issues={diagnostics.issues}
            doc={doc}
            catalog={catalog}
            checking={diagnostics.checking}
            error={diagnostics.error}
            onRetry={diagnostics.retry}
            onFocusNode={props.onFocusNode}
            onFocusEdge={props.onFocusEdge}
          />
        )}
        {tab === 'test' && (
          <TestTab
            simulation={
              <SimulationPanel
                session={simulation}
                doc={doc}
                catalog={catalog}
                onFocusNode={props.onFocusNode}
              />
            }
            clocks={<TestClockPanel journey={props.journey} doc={doc} onFocusNode={props.onFocusNode} />}
          />
        )}
        {tab === 'versions' && (
          <VersionsPanel
            journey={props.journey}
            viewing={props.viewingVersion}
            onRestored={props.onReload}
            catalog={catalog}
          />
        )}
        {tab === 'journey' && (
          <JourneySettingsPanel doc={doc} actions={actions} readOnly={readOnly} errors={settingsErrors} />
        )}
      </Tabs>
    </aside>
  );
}
