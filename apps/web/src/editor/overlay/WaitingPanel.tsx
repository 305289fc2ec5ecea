import './WaitingPanel.css';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { journeyQueries } from '../../journeys/queries';
import { count, dateTime } from '../../ui/format';

interface WaitingPanelProps {
  journeyId: string;
  /** The version on the canvas; null: the published one. */
  version: number | null;
  nodeId: string;
  title: string;
  waiting: number;
  onClose: () => void;
}

/** The customers waiting at the selected step of a published journey, with when each moves on. */
export function WaitingPanel(props: WaitingPanelProps) {
  const query = useInfiniteQuery(journeyQueries.waiting(props.journeyId, props.version, props.nodeId));
  const customers = query.data?.pages.flatMap((page) => page.customers) ?? [];
  return (
    <section
      className="waiting-panel"
      aria-label={`Customers waiting at ${props.title}`}
      data-testid="waiting-panel"
    >
      <header>
        <h3>
          {count(props.waiting)} waiting at {props.title}
        </h3>
        <button type="button" className="button" onClick={props.onClose} aria-label="Close the waiting list">
          ×
        </button>
      </header>
      {query.isError && <p role="alert">The list is unavailable. {errorMessage(query.error)}</p>}
      {customers.length === 0 && query.isSuccess && <p>Nobody waits here now.</p>}
      {customers.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Moves on</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.runId}>
                <td>
                  <Link to={`/customers/${encodeURIComponent(c.customerId)}`}>{c.customerId}</Link>
                </td>
                <td>{c.movesOnAt ? dateTime(c.movesOnAt) : 'on an event'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? 'Loading…' : 'More'}
        </button>
      )}
    </section>
  );
}
