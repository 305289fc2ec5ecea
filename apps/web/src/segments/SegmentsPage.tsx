import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useCan } from '../people/queries';
import { count, timeAgo } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useTitle } from '../ui/useTitle';
import { segmentQueries } from './queries';

/** Saved segments with their size now. */
export function SegmentsPage() {
  useTitle('Segments');
  const canCreate = useCan('segments:write');
  const segments = useQuery(segmentQueries.list());
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Segments</h1>
          <p className="muted">
            Groups of customers by traits, stage and recent events, kept current as they change.
          </p>
        </div>
        {canCreate && (
          <Link to="/segments/new" className="button button-primary">
            New segment
          </Link>
        )}
      </header>
      {segments.isPending ? (
        <Loading what="segments" />
      ) : segments.isError ? (
        <ErrorNotice error={segments.error} onRetry={() => segments.refetch()} />
      ) : segments.data.length === 0 ? (
        <EmptyState icon="users" title="No segments yet" />
      ) : (
        <table className="table" data-testid="segments-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Customers</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {segments.data.map((segment) => (
              <tr key={segment.id}>
                <td>
                  <Link to={`/segments/${segment.id}`}>{segment.name}</Link>
                </td>
                <td>{count(segment.size)}</td>
                <td>{timeAgo(segment.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
