import './customers.css';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { settingsQueries } from '../settings/queries';
import { display, timeAgo } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useTitle } from '../ui/useTitle';
import { customerQueries } from './queries';

/** Customer search; the query lives in the URL (`?q=`) so searches can be shared and reloaded. */
export function CustomersPage() {
  useTitle('Customers');
  const searchId = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (text !== q) setParams(text ? { q: text } : {}, { replace: true });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [text, q, setParams]);
  const customers = useQuery(customerQueries.search(q));
  const stages = useQuery(settingsQueries.stages());
  const stageName = (id: string) => stages.data?.find((stage) => stage.id === id)?.name ?? id;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Customers</h1>
          <p className="muted">Everyone your apps told Stagecraft about, with their stage and journeys.</p>
        </div>
      </header>
      <div className="search-box">
        <Icon name="search" />
        <label htmlFor={searchId} className="visually-hidden">
          Search customers
        </label>
        <input
          id={searchId}
          type="search"
          className="input"
          placeholder="Search by id, email or name"
          value={text}
          onChange={(event) => setText(event.target.value)}
          data-testid="customer-search"
        />
      </div>
      {customers.isPending && <Loading what="customers" />}
      {customers.isError && <ErrorNotice error={customers.error} onRetry={() => customers.refetch()} />}
      {customers.data && customers.data.length === 0 && (
        <EmptyState icon="users" title={q ? `No customer matches “${q}”` : 'No customers yet'}>
          <p>
            {q
              ? 'Check the spelling, or search by customer id.'
              : 'Send an identify or track call to /v1/identify or /v1/track with a write key from Settings.'}
          </p>
        </EmptyState>
      )}
      {customers.data && customers.data.length > 0 && (
        <table className="table" data-testid="customers-table">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Email</th>
              <th scope="col">Stage</th>
              <th scope="col" className="numeric">
                In journeys
              </th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {customers.data.map((customer) => (
              <tr key={customer.customerId} data-testid={`customer-row-${customer.customerId}`}>
                <td>
                  <Link to={`/customers/${encodeURIComponent(customer.customerId)}`} className="row-title">
                    {display(customer.traits.name ?? customer.traits.first_name ?? customer.customerId)}
                  </Link>
                  <div className="muted small">
                    {customer.customerId}
                    {customer.testClockId && (
                      <span
                        className="badge badge-test"
                        title={`Lives on test clock ${customer.testClockId}`}
                      >
                        Test clock
                      </span>
                    )}
                  </div>
                </td>
                <td>{display(customer.traits.email)}</td>
                <td>
                  {customer.stage ? (
                    <span className="badge">{stageName(customer.stage)}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="numeric">{customer.activeRuns}</td>
                <td title={customer.lastSeenAt}>{timeAgo(customer.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
