import { useQuery } from '@tanstack/react-query';
import { dateTime } from '../ui/format';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { channelQueries, useRemoveSuppression } from './channel-queries';

/** Addresses no message goes to (hard bounces, invalid numbers, dead devices); an admin can remove one. */
export function SuppressionsList() {
  const list = useQuery(channelQueries.suppressions());
  const remove = useRemoveSuppression();
  const toast = useToast();
  return (
    <section className="card" aria-labelledby="suppressions-heading" data-testid="suppressions">
      <h2 id="suppressions-heading">Suppressed addresses</h2>
      <p className="muted">
        A hard bounce, an invalid number or an unregistered device stops every later message to that address,
        transactional ones too. Remove an address once it works again.
      </p>
      {list.isPending && <Loading what="suppressed addresses" />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => list.refetch()} />}
      {list.data?.length === 0 && <p className="muted">No address is suppressed.</p>}
      {list.data && list.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Address</th>
              <th scope="col">Why</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={`${s.channel}:${s.address}`}>
                <td>{s.channel}</td>
                <td>
                  <code>{s.address}</code>
                </td>
                <td className="small">{s.reason}</td>
                <td>{dateTime(s.createdAt)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      remove.mutate(s, {
                        onSuccess: () => toast.show(`${s.address} can receive messages again.`, 'success'),
                        onError: toast.error,
                      })
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
