import './PublishDialog.css';
import type { GraphIssue, JourneyDocument, JourneyNode } from '@stagecraft/graph';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import type { CatalogEntry, JourneyDetail } from '../api/types';
import { journeyQueries, usePublishJourney } from '../journeys/queries';
import { Dialog } from '../ui/Dialog';
import { Icon } from '../ui/Icon';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { diffDocuments } from './model/diff';
import { stepName } from './step-name';
import type { Autosave } from './useAutosave';

interface PublishDialogProps {
  journey: JourneyDetail;
  doc: JourneyDocument;
  catalog: ReadonlyMap<string, CatalogEntry>;
  autosave: Autosave;
  onClose: () => void;
}

/** Shows what changed since the last version, then saves and publishes the draft as a new version. */
export function PublishDialog({ journey, doc, catalog, autosave, onClose }: PublishDialogProps) {
  const toast = useToast();
  const last = journey.publishedVersion;
  const previous = useQuery({ ...journeyQueries.version(journey.id, last ?? 0), enabled: last !== null });
  const publish = usePublishJourney(journey.id);
  const [saveFailed, setSaveFailed] = useState(false);
  const changes = useMemo(() => {
    if (last !== null && !previous.data) return null;
    return diffDocuments(previous.data?.document ?? null, doc, (node: JourneyNode) =>
      stepName(node, catalog),
    );
  }, [previous.data, doc, last, catalog]);
  const refused =
    publish.error instanceof ApiError
      ? ((publish.error.body as { error?: { diagnostics?: GraphIssue[] } })?.error?.diagnostics ?? [])
      : [];
  const next = (last ?? 0) + 1;

  async function confirm() {
    setSaveFailed(false);
    if (!(await autosave.flush())) {
      setSaveFailed(true);
      return;
    }
    publish.mutate(autosave.revision(), {
      onSuccess: (result) => {
        toast.show(
          'pending' in result
            ? `“${doc.name}” waits for an admin's approval; it goes live when they approve it.`
            : `Version ${result.version} of “${doc.name}” is live. New customers enter it from now on.`,
          'success',
        );
        onClose();
      },
    });
  }

  return (
    <Dialog
      title={`Publish version ${next}`}
      onClose={onClose}
      testId="publish-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={confirm}
            disabled={publish.isPending}
            data-testid="publish-confirm"
          >
            <Icon name="zap" size={14} /> {publish.isPending ? 'Publishing…' : `Publish version ${next}`}
          </button>
        </>
      }
    >
      <p>
        {last
          ? `Changes since version ${last}. Customers already in the journey stay on the version they entered; new customers get version ${next}.`
          : 'This is the first version. Once published, customers who match a trigger start entering the journey.'}
      </p>
      {last !== null && previous.isPending && <Loading what={`version ${last}`} />}
      {previous.isError && <ErrorNotice error={previous.error} onRetry={() => previous.refetch()} />}
      {changes && (
        <ul className="change-list" data-testid="publish-changes">
          {changes.length === 0 && (
            <li className="muted">No changes to steps, connections or settings since version {last}.</li>
          )}
          {changes.map((change) => (
            <li key={change.text} className={`change change-${change.kind}`}>
              <span className="change-kind">{change.kind}</span>
              {change.text}
            </li>
          ))}
        </ul>
      )}
      {saveFailed && (
        <p className="notice notice-error" role="alert">
          {autosave.message ?? 'The draft could not be saved, so it was not published.'}
        </p>
      )}
      {publish.isError && (
        <>
          <ErrorNotice error={publish.error} />
          {refused.length > 0 && (
            <ul className="change-list">
              {refused.map((issue) => (
                <li
                  key={`${issue.code}-${issue.nodeId ?? ''}-${issue.message}`}
                  className={`problem problem-${issue.severity}`}
                >
                  {issue.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Dialog>
  );
}
