import type { JourneyDocument } from '@stagecraft/graph';
import { Link, useNavigate } from 'react-router';
import type { JourneyDetail } from '../api/types';
import { useDuplicateJourney, useRestoreVersion } from '../journeys/queries';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import { useToast } from '../ui/toasts';
import type { Autosave } from './useAutosave';

interface BannersProps {
  journey: JourneyDetail;
  autosave: Autosave;
  viewingVersion: number | null;
  doc: JourneyDocument;
  onReload: () => void;
}

/** Messages that concern the whole editor: an edit conflict, a failed save, or an old version opened read-only. */
export function EditorBanners({ journey, autosave, viewingVersion, doc, onReload }: BannersProps) {
  const toast = useToast();
  const restore = useRestoreVersion(journey.id);
  const duplicate = useDuplicateJourney();
  const navigate = useNavigate();
  if (journey.status === 'archived' && viewingVersion === null) {
    return (
      <div className="banner banner-info" data-testid="archived-banner">
        <Icon name="archive" />
        <p>
          This journey is archived: it no longer runs and its draft cannot change. Duplicate it to build on
          it.
        </p>
        <button
          type="button"
          className="button button-small"
          disabled={duplicate.isPending}
          onClick={() =>
            duplicate.mutate(journey.id, {
              onSuccess: (copy) => navigate(`/journeys/${copy.id}`),
              onError: toast.error,
            })
          }
        >
          Duplicate
        </button>
      </div>
    );
  }
  if (viewingVersion !== null) {
    const published = journey.versions.find((version) => version.version === viewingVersion)?.publishedAt;
    return (
      <div className="banner banner-info" data-testid="version-banner">
        <Icon name="eye" />
        <p>
          You are looking at <strong>version {viewingVersion}</strong>
          {published ? `, published ${dateTime(published)}` : ''}. It is read-only.
        </p>
        <button
          type="button"
          className="button button-small"
          disabled={restore.isPending}
          onClick={() =>
            window.confirm(
              `Replace the draft with version ${viewingVersion}? Unpublished changes in the draft are lost.`,
            ) &&
            restore.mutate(viewingVersion, {
              onSuccess: () => {
                toast.show(`The draft is now a copy of version ${viewingVersion}.`, 'success');
                onReload();
              },
              onError: toast.error,
            })
          }
          data-testid="restore-version"
        >
          Restore as draft
        </button>
        <Link className="button button-small" to={`/journeys/${journey.id}`}>
          Back to the draft
        </Link>
      </div>
    );
  }
  if (autosave.state === 'conflict') {
    return (
      <div className="banner banner-error" role="alert" data-testid="conflict-banner">
        <Icon name="alert" />
        <p>{autosave.message}</p>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            void navigator.clipboard?.writeText(JSON.stringify(doc, null, 2)).then(
              () => toast.show('Your version is on the clipboard as JSON.', 'success'),
              () => toast.show('The clipboard is not available in this browser.', 'error'),
            );
          }}
        >
          Copy my version
        </button>
        <button
          type="button"
          className="button button-small button-primary"
          onClick={onReload}
          data-testid="conflict-reload"
        >
          Reload their version
        </button>
      </div>
    );
  }
  if (autosave.state === 'error') {
    return (
      <div className="banner banner-error" role="alert" data-testid="save-error-banner">
        <Icon name="alert" />
        <p>{autosave.message}</p>
        <button type="button" className="button button-small" onClick={() => void autosave.flush()}>
          Try saving again
        </button>
      </div>
    );
  }
  return null;
}
