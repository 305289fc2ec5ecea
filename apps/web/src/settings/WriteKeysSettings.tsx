import { useQuery } from '@tanstack/react-query';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { CreateCredential } from './CredentialParts';
import { maskedKey } from './masked-key';
import { settingsQueries, useCreateWriteKey, useDeleteWriteKey } from './queries';

/** Write keys for the Segment-compatible `/v1/*` endpoints: create (shown once), list, revoke. */
export function WriteKeysSettings() {
  const keys = useQuery(settingsQueries.writeKeys());
  const create = useCreateWriteKey();
  const remove = useDeleteWriteKey();
  const toast = useToast();

  return (
    <section className="card" aria-labelledby="keys-heading" data-testid="write-keys-settings">
      <h2 id="keys-heading">Write keys</h2>
      <p className="muted">
        Apps send events to <code>/v1/identify</code>, <code>/v1/track</code> and <code>/v1/batch</code> with
        a write key as the HTTP Basic user, exactly like Segment.
      </p>
      <CreateCredential
        noun="key"
        placeholder="e.g. Web app"
        fallbackName="Write key"
        create={create}
        secretOf={(result) => result.key}
        testIds={{ create: 'create-write-key', created: 'new-write-key' }}
      />
      {keys.isPending && <Loading what="write keys" />}
      {keys.isError && <ErrorNotice error={keys.error} onRetry={() => keys.refetch()} />}
      {keys.data?.length === 0 && <EmptyState icon="key" title="No write keys yet" />}
      {keys.data && keys.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id} className={key.revokedAt ? 'row-revoked' : undefined}>
                <td>{key.name}</td>
                <td>
                  <code>{maskedKey(key)}</code>
                </td>
                <td>{dateTime(key.createdAt)}</td>
                <td className="row-actions">
                  {key.revokedAt ? (
                    <span className="muted small">Revoked {dateTime(key.revokedAt)}</span>
                  ) : (
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      onClick={() =>
                        window.confirm(`Revoke “${key.name}”? Apps using it get 401 from then on.`) &&
                        remove.mutate(key.id, {
                          onError: toast.error,
                          onSuccess: () => toast.show('Key revoked.', 'success'),
                        })
                      }
                    >
                      <Icon name="trash" size={14} /> Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
