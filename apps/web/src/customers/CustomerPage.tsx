import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { TimelineEntry } from '../api/types';
import { dateTime, display } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { customerQueries } from './queries';

/** One customer: traits, lifecycle stage and its history, journeys with their current step, and a timeline. */
export function CustomerPage() {
  const { customerId = '' } = useParams();
  const customer = useQuery(customerQueries.detail(customerId));
  if (customer.isPending) {
    return (
      <div className="page">
        <Loading what="the customer" />
      </div>
    );
  }
  if (customer.isError) {
    return (
      <div className="page">
        <ErrorNotice
          error={customer.error}
          onRetry={() => customer.refetch()}
          action={
            <Link to="/customers" className="button button-small">
              Back to customers
            </Link>
          }
        />
      </div>
    );
  }
  const { traits, stage, stageHistory = [], runs = [], timeline = [] } = customer.data;
  return (
    <div className="page" data-testid="customer-profile">
      <header className="page-header">
        <div>
          <Link to="/customers" className="back-link">
            <Icon name="arrow-left" size={14} /> Customers
          </Link>
          <h1>{display(traits.name ?? traits.first_name ?? customerId)}</h1>
          <p className="muted">
            {customerId}
            {customer.data.timeZone ? ` · ${customer.data.timeZone}` : ''}
          </p>
        </div>
        {stage && <span className="badge badge-stage">Stage: {stage}</span>}
      </header>
      <div className="profile-grid">
        <section className="card" aria-labelledby="traits-heading">
          <h2 id="traits-heading">Traits</h2>
          {Object.keys(traits).length === 0 ? (
            <p className="muted">No traits yet.</p>
          ) : (
            <dl className="traits-list" data-testid="customer-traits">
              {Object.entries(traits).map(([key, value]) => (
                <div key={key} className="trait-row">
                  <dt>{key}</dt>
                  <dd>{display(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          <h2>Stage history</h2>
          {stageHistory.length === 0 ? (
            <p className="muted">The customer has not changed stage.</p>
          ) : (
            <ol className="stage-history">
              {stageHistory.map((entry, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: history entries are append-only and have no ids.
                <li key={index}>
                  <strong>{entry.to ?? entry.stage ?? 'No stage'}</strong>
                  {entry.from ? <span className="muted"> from {entry.from}</span> : null}
                  <span className="muted"> · {dateTime(entry.at)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="card" aria-labelledby="runs-heading">
          <h2 id="runs-heading">Journeys</h2>
          {runs.length === 0 ? (
            <p className="muted">Not in any journey yet.</p>
          ) : (
            <ul className="run-list" data-testid="customer-runs">
              {runs.map((run) => (
                <li key={run.id ?? run.runId ?? `${run.journeyId}-${run.enteredAt}`}>
                  <Link to={`/journeys/${run.journeyId}`}>{run.journeyName ?? run.journeyId}</Link>
                  <span className="muted"> v{run.version}</span>
                  <span className={`badge badge-run-${run.status}`}>{run.status}</span>
                  {run.currentNodeId && <span className="muted"> at {run.currentNodeId}</span>}
                  {run.enteredAt && <div className="muted small">Entered {dateTime(run.enteredAt)}</div>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        {timeline.length === 0 ? (
          <EmptyState icon="clock" title="Nothing has happened yet" />
        ) : (
          <ol className="timeline" data-testid="customer-timeline">
            {timeline.map((entry, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is ordered by time and has no stable ids.
              <li key={index} className={`timeline-${entry.kind}`}>
                <span className="timeline-dot" aria-hidden="true" />
                <div>
                  <strong>{timelineTitle(entry)}</strong>
                  <span className="muted"> · {dateTime(entry.at)}</span>
                  {timelineDetail(entry) && <p className="muted small">{timelineDetail(entry)}</p>}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function timelineTitle(entry: TimelineEntry): string {
  const name = entry.name ?? entry.event ?? entry.title;
  if (entry.kind === 'event') return `Event ${display(name)}`;
  if (entry.kind === 'message')
    return `${display(entry.channel ?? 'Message')}: ${display(entry.subject ?? entry.messageName ?? name ?? '')}`;
  if (entry.kind === 'step')
    return `${display(entry.stepKind ?? entry.step ?? 'Step')} ${display(entry.nodeId ?? '')}`;
  return `${entry.kind}${name ? ` ${display(name)}` : ''}`;
}

function timelineDetail(entry: TimelineEntry): string | null {
  if (entry.kind === 'event' && entry.properties && Object.keys(entry.properties as object).length)
    return JSON.stringify(entry.properties);
  if (entry.kind === 'message' && entry.status) return `Status: ${display(entry.status)}`;
  if (entry.kind === 'step' && entry.journeyName) return display(entry.journeyName);
  return null;
}
