import './experiments.css';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { count } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useTitle } from '../ui/useTitle';
import { experimentQueries } from './queries';

/** Every experiment across the workspace's journeys, with its status, progress and verdict. */
export function ExperimentsPage() {
  useTitle('Experiments');
  const experiments = useQuery(experimentQueries.list());
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Experiments</h1>
          <p className="muted">
            Every A/B split of a published journey. Open one to see its results and promote the winner.
          </p>
        </div>
      </header>
      {experiments.isPending && <Loading what="experiments" />}
      {experiments.isError && <ErrorNotice error={experiments.error} onRetry={() => experiments.refetch()} />}
      {experiments.data?.length === 0 && (
        <EmptyState icon="shuffle" title="No experiments yet">
          <p>Add an A/B split to a journey and publish it: each split is an experiment.</p>
        </EmptyState>
      )}
      {experiments.data && experiments.data.length > 0 && (
        <table className="table" data-testid="experiments-table">
          <thead>
            <tr>
              <th scope="col">Experiment</th>
              <th scope="col">Journey</th>
              <th scope="col">Status</th>
              <th scope="col">Entered</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {experiments.data.map((e) => (
              <tr key={`${e.journeyId}-${e.nodeId}`}>
                <td>
                  <Link to={`/journeys/${encodeURIComponent(e.journeyId)}`}>{e.name}</Link>
                </td>
                <td>{e.journeyName}</td>
                <td>
                  <span className={`badge ${e.status === 'running' ? 'badge-live' : 'badge-paused'}`}>
                    {e.decision?.decision === 'promoted' ? 'promoted' : e.status}
                  </span>
                  {e.srmFlagged && <div className="field-error small">sample ratio mismatch</div>}
                </td>
                <td>
                  {count(e.entered)}
                  {e.sampleSize.plannedPerArm && (
                    <div className="muted small">
                      smallest arm {count(e.sampleSize.smallestArm)} / {count(e.sampleSize.plannedPerArm)}
                    </div>
                  )}
                </td>
                <td className="experiment-verdict-cell">{e.verdict}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
