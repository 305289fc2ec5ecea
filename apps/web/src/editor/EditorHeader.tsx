import { Link } from 'react-router';
import type { JourneyDetail } from '../api/types';
import { useJourneyStatus } from '../journeys/queries';
import { StatusBadge } from '../journeys/StatusBadge';
import { useCan } from '../people/queries';
import { Icon } from '../ui/Icon';
import { IconButton } from '../ui/IconButton';
import { useToast } from '../ui/toasts';
import { SaveIndicator } from './SaveIndicator';
import { ShortcutsHelp } from './ShortcutsHelp';
import type { Autosave } from './useAutosave';

interface EditorHeaderProps {
  journey: JourneyDetail;
  name: string;
  onRename: (name: string) => void;
  autosave: Autosave;
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onFit: () => void;
  showHelp: boolean;
  onToggleHelp: (open: boolean) => void;
  errorCount: number;
  warningCount: number;
  onShowProblems: () => void;
  showCounts: boolean;
  onToggleCounts: (show: boolean) => void;
  onPublish: () => void;
}

/** The editor's toolbar: name, status, save state, history and layout tools, problems and publishing. */
export function EditorHeader(props: EditorHeaderProps) {
  const { journey, readOnly, errorCount, warningCount } = props;
  const setStatus = useJourneyStatus();
  // A viewer sees no Publish, Pause or Resume: the API would refuse them too.
  const canPublish = useCan('journeys:publish');
  const toast = useToast();
  const problems = errorCount + warningCount;
  const publishBlocked = readOnly || errorCount > 0;
  return (
    <header className="editor-header">
      <Link to="/journeys" className="icon-button" aria-label="Back to journeys">
        <Icon name="arrow-left" />
      </Link>
      <input
        className="editor-name"
        aria-label="Journey name"
        value={props.name}
        readOnly={readOnly}
        maxLength={200}
        onChange={(event) => props.onRename(event.target.value)}
        data-testid="journey-name"
      />
      <StatusBadge status={journey.status} />
      {journey.publishedVersion !== null && (
        <span className="muted small">v{journey.publishedVersion} live</span>
      )}
      <SaveIndicator autosave={props.autosave} readOnly={readOnly} />
      <div className="toolbar" role="toolbar" aria-label="Canvas tools">
        <IconButton
          icon="undo"
          label="Undo"
          title="Undo (Ctrl/⌘ Z)"
          disabled={readOnly || !props.canUndo}
          onClick={props.onUndo}
          testId="undo"
        />
        <IconButton
          icon="redo"
          label="Redo"
          title="Redo (Shift Ctrl/⌘ Z)"
          disabled={readOnly || !props.canRedo}
          onClick={props.onRedo}
          testId="redo"
        />
        <IconButton
          icon="layout"
          label="Tidy up the layout"
          title="Tidy up the layout (L)"
          disabled={readOnly}
          onClick={props.onLayout}
          testId="auto-layout"
        />
        <IconButton
          icon="maximize"
          label="Fit the journey in view"
          title="Fit in view (F)"
          onClick={props.onFit}
          testId="fit-view"
        />
        <IconButton
          icon="keyboard"
          label="Keyboard shortcuts"
          aria-haspopup="dialog"
          title="Keyboard shortcuts (?)"
          onClick={() => props.onToggleHelp(!props.showHelp)}
          testId="shortcuts-button"
        />
        {props.showHelp && <ShortcutsHelp onClose={() => props.onToggleHelp(false)} />}
      </div>
      <div className="editor-header-end">
        <button
          type="button"
          className={
            errorCount
              ? 'problems-count problems-count-error'
              : problems
                ? 'problems-count problems-count-warning'
                : 'problems-count'
          }
          onClick={props.onShowProblems}
          data-testid="problems-count"
          data-errors={errorCount}
        >
          <Icon name={problems ? 'alert' : 'check'} size={14} />
          {errorCount
            ? `${errorCount} ${errorCount === 1 ? 'error' : 'errors'}`
            : problems
              ? `${warningCount} ${warningCount === 1 ? 'warning' : 'warnings'}`
              : 'No problems'}
        </button>
        {journey.publishedVersion !== null && (
          <label
            className="checkbox-line small"
            title="Per step: customers who entered, are waiting, and finished"
          >
            <input
              type="checkbox"
              checked={props.showCounts}
              onChange={(event) => props.onToggleCounts(event.target.checked)}
              data-testid="toggle-counts"
            />
            Live numbers
          </label>
        )}
        {canPublish && (journey.status === 'live' || journey.status === 'paused') && (
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              setStatus.mutate(
                { id: journey.id, action: journey.status === 'live' ? 'pause' : 'resume' },
                { onError: toast.error },
              )
            }
            data-testid="pause-resume"
          >
            <Icon name={journey.status === 'live' ? 'pause' : 'play'} size={14} />
            {journey.status === 'live' ? 'Pause' : 'Resume'}
          </button>
        )}
        {canPublish && (
          <button
            type="button"
            className="button button-primary"
            disabled={publishBlocked}
            onClick={props.onPublish}
            data-testid="publish-button"
            title={
              readOnly
                ? 'Old versions cannot be published; restore it as the draft first.'
                : errorCount
                  ? `Fix the ${errorCount} ${errorCount === 1 ? 'error' : 'errors'} in the problems list first.`
                  : 'Publish the draft as a new version'
            }
          >
            <Icon name="zap" size={14} /> Publish
          </button>
        )}
      </div>
    </header>
  );
}
