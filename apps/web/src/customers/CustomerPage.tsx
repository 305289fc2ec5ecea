import './customers.css';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { TimelineEntry } from '../api/types';
import { journeyQueries } from '../journeys/queries';
import { settingsQueries } from '../settings/queries';
import { dateTime, display, timeAgo } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useTitle } from '../ui/useTitle';
import { CustomerValue } from './CustomerValue';
import { customerQueries } from './queries';

/** One customer: traits, lifecycle stage and its history, journeys with their current step, and a timeline. */
export function CustomerPage() {
  const { customerId = '' } = useParams();
  useTitle(customerId);
  const customer = useQuery(customerQueries.detail(customerId));
  const journeys = useQuery(journeyQueries.list());
  const stages = useQuery(settingsQueries.stages());
  const stageName = (id: string) => stages.data?.find((stage) => stage.id === id)?.name ?? id;
  const journeyName = (id: string | null) =>
    id ? (journeys.data?.find((journey) => journey.id === id)?.name ?? id) : '';
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
  const { traits, stage, stageHistory, runs, timeline, tags, consent } = customer.data;
  return (
    <div className="page" data-testid="customer-profile">
      <header className="page-header">
        <div>
          <Link to="/customers" className="back-link">
            <Icon name="arrow-left" size={14} /> Customers
          </Link>
          <h1>{display(traits.name ?? traits.first_name ?? customerId)}</h1>
          <p className="muted">
            {customerId} · {customer.data.timeZoneUsed.zone}
            {customer.data.timeZoneUsed.source !== 'customer' && ' (workspace time zone)'} · first seen{' '}
            {timeAgo(customer.data.firstSeenAt)}, last seen {timeAgo(customer.data.lastSeenAt)}
          </p>
        </div>
        {stage && <span className="badge badge-stage">Stage: {stageName(stage)}</span>}
      </header>
      {customer.data.testClockId && (
        <p className="notice notice-info" data-testid="test-clock-notice">
          This customer lives on test clock {customer.data.testClockId}: its events happen at the clock’s
          time, its waits end when the clock is advanced, and it is left out of journey statistics and
          experiments.
        </p>
      )}
      {customer.data.invalidTimeZone && (
        <p className="notice notice-info">
          This customer sent the time zone “{customer.data.invalidTimeZone}”, which does not exist; the
          workspace zone ({customer.data.timeZoneUsed.zone}) is used instead, or a journey’s own zone where it
          names one. Send an IANA name such as “Europe/Berlin” in the identify call to fix it.
        </p>
      )}
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
          <h2>Consent</h2>
          <dl className="traits-list" data-testid="customer-consent">
            {(['email', 'sms', 'push'] as const).map((channel) => (
              <div key={channel} className="trait-row">
                <dt>{channel === 'sms' ? 'SMS' : channel === 'push' ? 'Push' : 'Email'}</dt>
                <dd>{consent[channel]}</dd>
              </div>
            ))}
          </dl>
          {tags.length > 0 && (
            <p>
              {tags.map((tag) => (
                <span key={tag} className="badge tag-badge">
                  {tag}
                </span>
              ))}
            </p>
          )}
          <h2>Stage history</h2>
          {stageHistory.length === 0 ? (
            <p className="muted">The customer has not changed stage.</p>
          ) : (
            <ol className="stage-history" data-testid="stage-history">
              {stageHistory.map((entry) => (
                <li key={`${entry.at}-${entry.to}`}>
                  <strong>{stageName(entry.to)}</strong>
                  {entry.from ? <span className="muted"> from {stageName(entry.from)}</span> : null}
                  <span className="muted">
                    {' '}
                    · {dateTime(entry.at)}
                    {entry.journeyId ? ` · ${journeyName(entry.journeyId)}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <CustomerValue clv={customer.data.clv} />
        <section className="card" aria-labelledby="runs-heading">
          <h2 id="runs-heading">Journeys</h2>
          {runs.length === 0 ? (
            <p className="muted">Not in any journey yet.</p>
          ) : (
            <ul className="run-list" data-testid="customer-runs">
              {runs.map((run) => (
                <li key={run.runId}>
                  <div>
                    <Link to={`/journeys/${run.journeyId}`}>{journeyName(run.journeyId)}</Link>
                    <span className="muted"> v{run.version}</span>
                    <span className={`badge badge-run-${run.status}`}>{run.status}</span>
                  </div>
                  <div className="muted small">
                    {run.currentNodeId &&
                      `${run.status === 'active' ? 'At' : 'Ended at'} ${run.currentNodeId} · `}
                    entered {dateTime(run.enteredAt)}
                    {run.wakeAt && run.status === 'active' ? ` · moves on ${dateTime(run.wakeAt)}` : ''}
                    {run.exitReason ? ` · ${run.exitReason}` : ''}
                  </div>
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
              // biome-ignore lint/suspicious/noArrayIndexKey: entries from three sources share no id; the order is by time.
              <li key={index} className={`timeline-${entry.kind}`}>
                <span className="timeline-dot" aria-hidden="true" />
                <div>
                  <strong>{describe(entry)}</strong>
                  <span className="muted"> · {dateTime(entry.at)}</span>
                  {detail(entry, journeyName) && <p className="muted small">{detail(entry, journeyName)}</p>}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function describe(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'event':
      return entry.type === 'track'
        ? `Event ${entry.name ?? ''}`
        : `${entry.type.charAt(0).toUpperCase()}${entry.type.slice(1)} call`;
    case 'step':
      return `${entry.step.charAt(0).toUpperCase()}${entry.step.slice(1)} ${entry.nodeId}${entry.port ? ` → ${entry.port}` : ''}`;
    case 'message':
      return `${capitalize(entry.channel ?? 'message')} from ${entry.nodeId}`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function detail(entry: TimelineEntry, journeyName: (id: string) => string): string | null {
  if (entry.kind === 'event')
    return Object.keys(entry.properties ?? {}).length ? JSON.stringify(entry.properties) : null;
  if (entry.kind === 'step') return journeyName(entry.journeyId);
  return `Status: ${entry.status}`;
}
