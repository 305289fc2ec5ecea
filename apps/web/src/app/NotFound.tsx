import { Link } from 'react-router';
import { EmptyState } from '../ui/Notice';

/** The answer to a URL no screen owns, with a way back. */
export function NotFound() {
  return (
    <div className="page">
      <EmptyState icon="route" title="There is nothing at this address">
        <p>
          The link may be old or mistyped. <Link to="/journeys">Go to your journeys</Link>.
        </p>
      </EmptyState>
    </div>
  );
}
