import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { JourneySummary } from '../api/types';
import { useCan } from '../people/queries';
import { count, timeAgo } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { useTitle } from '../ui/useTitle';
import { NewJourneyDialog } from './NewJourneyDialog';
import { journeyQueries, useDuplicateJourney, useJourneyStatus } from './queries';
import { StatusBadge } from './StatusBadge';

/** The journeys list: status, published version, customers in flight, last edit, and the actions on each. */
export function JourneysPage() {
  useTitle('Journeys');
  const journeys = useQuery(journeyQueries.list());
  const [creating, setCreating] = useState(false);
  const canCreate = useCan('journeys:write');
  const [showArchived, setShowArchived] = useState(false);
  const visible = journeys.data?.filter((journey) => showArchived || journey.status !== 'archived') ?? [];
  const archivedCount = journeys.data?.filter((journey) => journey.status === 'archived').length ?? 0;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Journeys</h1>
          <p className="muted">
            Lifecycle journeys your customers move through, from first visit to renewal.
          </p>
        </div>
        {canCreate && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => setCreating(true)}
            data-testid="new-journey"
          >
            <Icon name="plus" /> New journey
          </button>
        )}
      </header>
      {journeys.isPending && <Loading what="journeys" />}
      {journeys.isError && <ErrorNotice error={journeys.error} onRetry={() => journeys.refetch()} />}
      {journeys.isSuccess && visible.length === 0 && (
        <EmptyState icon="route" title="No journeys yet">
          <p>Start from a lifecycle template such as a welcome series, or draw one from scratch.</p>
          {canCreate && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              Create your first journey
            </button>
          )}
        </EmptyState>
      )}
      {visible.length > 0 && (
        <table className="table" data-testid="journeys-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Published</th>
              <th scope="col" className="numeric">
                Customers active
              </th>
              <th scope="col">Last edited</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map((journey) => (
              <JourneyRow key={journey.id} journey={journey} />
            ))}
          </tbody>
        </table>
      )}
      {archivedCount > 0 && (
        <label className="checkbox-line">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(event) => setShowArchived(event.target.checked)}
          />
          Show {archivedCount} archived
        </label>
      )}
      {creating && <NewJourneyDialog onClose={() => setCreating(false)} />}
    </div>
  );
}

function JourneyRow({ journey }: { journey: JourneySummary }) {
  const navigate = useNavigate();
  const toast = useToast();
  const setStatus = useJourneyStatus();
  const duplicate = useDuplicateJourney();
  const act = (action: 'pause' | 'resume' | 'archive') =>
    setStatus.mutate(
      { id: journey.id, action },
      {
        onError: toast.error,
        onSuccess: () => toast.show(`“${journey.name}” is now ${statusWord[action]}.`, 'success'),
      },
    );
  return (
    <tr data-testid={`journey-row-${journey.id}`}>
      <td>
        <Link to={`/journeys/${journey.id}`} className="row-title">
          {journey.name}
        </Link>
      </td>
      <td>
        <StatusBadge status={journey.status} />
      </td>
      <td>
        {journey.publishedVersion ? `v${journey.publishedVersion}` : <span className="muted">Not yet</span>}
      </td>
      <td className="numeric">{count(journey.activeCustomers)}</td>
      <td title={journey.updatedAt}>{timeAgo(journey.updatedAt)}</td>
      <td className="row-actions">
        {journey.status === 'live' && (
          <button type="button" className="button button-small" onClick={() => act('pause')}>
            <Icon name="pause" size={14} /> Pause
          </button>
        )}
        {journey.status === 'paused' && (
          <button type="button" className="button button-small" onClick={() => act('resume')}>
            <Icon name="play" size={14} /> Resume
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          disabled={duplicate.isPending}
          onClick={() =>
            duplicate.mutate(journey.id, {
              onError: toast.error,
              onSuccess: (copy) => {
                toast.show(`Copied “${journey.name}”.`, 'success');
                navigate(`/journeys/${copy.id}`);
              },
            })
          }
        >
          <Icon name="copy" size={14} /> Duplicate
        </button>
        {journey.status !== 'archived' && (
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              if (window.confirm(`Archive “${journey.name}”? Customers in it stop, and it leaves the list.`))
                act('archive');
            }}
          >
            <Icon name="archive" size={14} /> Archive
          </button>
        )}
      </td>
    </tr>
  );
}

const statusWord = { pause: 'paused', resume: 'live again', archive: 'archived' } as const;
