import './VersionsPanel.css';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CatalogEntry, JourneyDetail, Publisher } from '../api/types';
import { useRestoreVersion } from '../journeys/queries';
import { dateTime, timeAgo } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { MigrationDialog } from './MigrationDialog';

/** Who published a version, as a person reads it: the token's name, or the user. */
function publisherName(publisher: Publisher): string {
  if (publisher.kind === 'token')
    return publisher.name ? `token “${publisher.name}”` : `token ${publisher.id}`;
  return publisher.id;
}

/** Published versions, newest first: open one read-only, or copy it back into the draft. */
export function VersionsPanel({
  journey,
  viewing,
  onRestored,
  catalog,
}: {
  journey: JourneyDetail;
  viewing: number | null;
  onRestored: () => void;
  catalog: ReadonlyMap<string, CatalogEntry>;
}) {
  const [migrating, setMigrating] = useState(false);
  const restore = useRestoreVersion(journey.id);
  const toast = useToast();
  const versions = [...journey.versions].sort((a, b) => b.version - a.version);
  if (versions.length === 0) {
    return (
      <EmptyState icon="history" title="No versions yet">
        <p>Each time you publish, the journey is frozen as a new version you can open or restore here.</p>
      </EmptyState>
    );
  }
  return (
    <section className="versions" aria-label="Versions" data-testid="versions-panel">
      <ul>
        <li className={viewing === null ? 'version version-current' : 'version'}>
          <div>
            <strong>Draft</strong>
            <span className="muted">What you are editing</span>
          </div>
          {viewing !== null && (
            <Link className="button button-small" to={`/journeys/${journey.id}`}>
              Back to draft
            </Link>
          )}
        </li>
        {versions.map((version) => (
          <li
            key={version.version}
            className={viewing === version.version ? 'version version-current' : 'version'}
            data-testid={`version-${version.version}`}
          >
            <div>
              <strong>
                Version {version.version}
                {version.version === journey.publishedVersion && (
                  <span className="badge badge-live">Live</span>
                )}
              </strong>
              <span className="muted" title={dateTime(version.publishedAt)}>
                Published {timeAgo(version.publishedAt)}
                {version.publishedBy && <> by {publisherName(version.publishedBy)}</>}
              </span>
            </div>
            <div className="version-actions">
              {viewing !== version.version && (
                <Link
                  className="button button-small"
                  to={`/journeys/${journey.id}/versions/${version.version}`}
                >
                  <Icon name="eye" size={14} /> Open
                </Link>
              )}
              <button
                type="button"
                className="button button-small"
                disabled={restore.isPending}
                onClick={() => {
                  if (
                    !window.confirm(
                      `Replace the draft with version ${version.version}? Unpublished changes in the draft are lost.`,
                    )
                  )
                    return;
                  restore.mutate(version.version, {
                    onSuccess: () => {
                      toast.show(`The draft is now a copy of version ${version.version}.`, 'success');
                      onRestored();
                    },
                    onError: toast.error,
                  });
                }}
              >
                <Icon name="history" size={14} /> Restore as draft
              </button>
            </div>
          </li>
        ))}
      </ul>
      {versions.length > 1 && (
        <div className="migration-callout">
          <p className="hint">
            Customers stay on the version they entered. Move the ones still waiting in an older version, with
            a preview first.
          </p>
          <button
            type="button"
            className="button button-small"
            onClick={() => setMigrating(true)}
            data-testid="migration-open"
          >
            Move waiting customers…
          </button>
        </div>
      )}
      {migrating && (
        <MigrationDialog journey={journey} catalog={catalog} onClose={() => setMigrating(false)} />
      )}
    </section>
  );
}
