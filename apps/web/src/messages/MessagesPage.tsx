import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { dateTime, display } from '../ui/format';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useSearchFilter } from '../ui/useSearchFilter';
import { useTitle } from '../ui/useTitle';
import { messageQueries } from './queries';

const STATUSES = ['', 'queued', 'sending', 'sent', 'failed', 'dead', 'no_provider'];
const STATUS_LABELS: Record<string, string> = { no_provider: 'stored (no provider)' };

/** The message outbox: what journeys sent or tried to send, filterable by status and customer. */
export function MessagesPage() {
  useTitle('Messages');
  const [params, setFilter] = useSearchFilter();
  const status = params.get('status') ?? '';
  const customerId = params.get('customerId') ?? '';
  const messages = useQuery(messageQueries.list({ status, customerId }));
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Messages</h1>
          <p className="muted">
            Emails, SMS, push and webhooks produced by journeys, with their delivery status.
          </p>
        </div>
      </header>
      <div className="filters">
        <label className="field-inline">
          Status
          <select
            className="input input-small"
            value={status}
            onChange={(event) => setFilter('status', event.target.value)}
          >
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value] ?? (value || 'Any')}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Customer
          <input
            className="input input-small"
            value={customerId}
            placeholder="customer id"
            onChange={(event) => setFilter('customerId', event.target.value)}
          />
        </label>
      </div>
      {messages.isPending && <Loading what="messages" />}
      {messages.isError && <ErrorNotice error={messages.error} onRetry={() => messages.refetch()} />}
      {messages.data?.length === 0 && (
        <EmptyState icon="inbox" title="No messages">
          <p>Messages appear here once a published journey sends one.</p>
        </EmptyState>
      )}
      {messages.data && messages.data.length > 0 && (
        <table className="table" data-testid="messages-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Customer</th>
              <th scope="col">Channel</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {messages.data.map((message) => (
              <tr key={message.id}>
                <td>{dateTime(message.createdAt)}</td>
                <td>
                  <Link to={`/customers/${encodeURIComponent(message.customerId)}`}>
                    {message.customerId}
                  </Link>
                </td>
                <td>{message.kind === 'http' ? 'HTTP' : (message.channel ?? '—')}</td>
                <td>
                  {display(message.name ?? message.subject ?? message.url ?? message.body?.slice(0, 60))}
                </td>
                <td>
                  <span className={`badge badge-message-${message.status}`}>
                    {STATUS_LABELS[message.status] ?? message.status}
                  </span>
                  {message.lastError && <div className="muted small">{message.lastError}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
