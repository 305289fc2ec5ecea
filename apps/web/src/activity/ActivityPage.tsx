import './activity.css';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AuditEntry } from '../api/types';
import { dateTime } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useSearchFilter } from '../ui/useSearchFilter';
import { useTitle } from '../ui/useTitle';
import { type ActivityFilter, activityQueries } from './queries';

/** Every action the trail records, as the filter offers them. */
const ACTIONS: Record<string, string> = {
  'journey.publish': 'Published a journey',
  'journey.pause': 'Paused a journey',
  'journey.resume': 'Resumed a journey',
  'journey.archive': 'Archived a journey',
  'journey.restore': 'Restored a version',
  'journey.migrate': 'Moved customers to a version',
  'journey.draft': 'Edited a draft',
  'segment.create': 'Created a segment',
  'segment.update': 'Changed a segment',
  'segment.delete': 'Deleted a segment',
  'experiment.promote': 'Promoted a winner',
  'experiment.stop': 'Stopped an experiment',
  'settings.update': 'Changed settings',
  'channels.update': 'Changed a channel',
  'keys.create': 'Created a key or token',
  'keys.revoke': 'Revoked a key or token',
  'people.invite': 'Invited someone',
  'people.role': 'Changed a role',
  'people.remove': 'Removed someone',
  'session.sign-in': 'Signed in',
  'session.sign-in-failed': 'Failed to sign in',
  'workspace.create': 'Created a workspace',
};

const FILTER_KEYS = ['action', 'actor', 'target', 'from', 'to'] as const;

/** Who changed what, when and from where: the workspace's audit trail, newest first. */
export function ActivityPage() {
  useTitle('Activity');
  const [params, setFilter] = useSearchFilter();
  const filter = Object.fromEntries(
    FILTER_KEYS.map((key) => [key, params.get(key) ?? '']),
  ) as unknown as ActivityFilter;
  const activity = useInfiniteQuery(activityQueries.list(filter));
  const entries = activity.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Activity</h1>
          <p className="muted">
            Every change in this workspace: who made it (a person or an API token), when, from which address,
            and what it was before and after. Entries cannot be changed or deleted.
          </p>
        </div>
      </header>
      <div className="filters">
        <label className="field-inline">
          Action
          <select
            className="input input-small"
            value={filter.action}
            onChange={(event) => setFilter('action', event.target.value)}
          >
            <option value="">Any</option>
            {Object.entries(ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Who
          <input
            className="input input-small"
            value={filter.actor}
            placeholder="user or token id"
            onChange={(event) => setFilter('actor', event.target.value)}
          />
        </label>
        <label className="field-inline">
          What
          <input
            className="input input-small"
            value={filter.target}
            placeholder="journey:jrn_… or an id"
            onChange={(event) => setFilter('target', event.target.value)}
          />
        </label>
        <label className="field-inline">
          From
          <input
            type="date"
            className="input input-small"
            value={filter.from}
            onChange={(event) => setFilter('from', event.target.value)}
          />
        </label>
        <label className="field-inline">
          To
          <input
            type="date"
            className="input input-small"
            value={filter.to}
            onChange={(event) => setFilter('to', event.target.value)}
          />
        </label>
      </div>
      {activity.isPending && <Loading what="activity" />}
      {activity.isError && <ErrorNotice error={activity.error} onRetry={() => activity.refetch()} />}
      {activity.isSuccess && entries.length === 0 && (
        <EmptyState icon="history" title="No activity">
          <p>Changes appear here as people and tokens publish, edit settings and manage keys.</p>
        </EmptyState>
      )}
      {entries.length > 0 && (
        <table className="table activity-table" data-testid="activity-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <ActivityRow key={entry.id} entry={entry} />
            ))}
          </tbody>
        </table>
      )}
      {activity.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={activity.isFetchingNextPage}
          onClick={() => activity.fetchNextPage()}
        >
          {activity.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      )}
    </div>
  );
}

function ActivityRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr data-testid="activity-entry">
      <td>{dateTime(entry.at)}</td>
      <td>
        <span className="activity-actor" title={entry.actor.id}>
          {entry.actor.kind === 'token' && entry.actor.name ? (
            <>Token “{entry.actor.name}”</>
          ) : (
            <>
              {entry.actor.kind === 'token' ? 'Token ' : entry.actor.kind === 'user' ? '' : 'Server '}
              <code>{entry.actor.id}</code>
            </>
          )}
        </span>
        {entry.address && <div className="muted small">from {entry.address}</div>}
      </td>
      <td>
        <div>{ACTIONS[entry.action] ?? entry.action}</div>
        <TargetLink target={entry.target} />
      </td>
      <td>
        {entry.before === null && entry.after === null ? (
          <span className="muted">—</span>
        ) : (
          <details>
            <summary>Before and after</summary>
            <div className="activity-change">
              <div>
                <div className="muted small">Before</div>
                <pre>{entry.before === null ? '—' : JSON.stringify(entry.before, null, 2)}</pre>
              </div>
              <div>
                <div className="muted small">After</div>
                <pre>{entry.after === null ? '—' : JSON.stringify(entry.after, null, 2)}</pre>
              </div>
            </div>
          </details>
        )}
      </td>
    </tr>
  );
}

/** The changed thing, linked where the editor has a page for it. */
function TargetLink({ target }: { target: AuditEntry['target'] }) {
  const label = `${target.kind} ${target.id}`;
  if (target.kind === 'journey') {
    return (
      <Link className="small" to={`/journeys/${encodeURIComponent(target.id)}`}>
        {label}
      </Link>
    );
  }
  if (target.kind === 'segment') {
    return (
      <Link className="small" to={`/segments/${encodeURIComponent(target.id)}`}>
        {label}
      </Link>
    );
  }
  return <div className="muted small">{label}</div>;
}
