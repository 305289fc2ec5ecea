import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { WriteKey } from '../api/types';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { maskedKey } from './masked-key';
import { settingsQueries, useCreateWriteKey, useDeleteWriteKey } from './queries';

/** Write keys for the Segment-compatible `/v1/*` endpoints: create (shown once), list, revoke. */
export function WriteKeysSettings() {
  const nameId = useId();
  const keys = useQuery(settingsQueries.writeKeys());
  const create = useCreateWriteKey();
  const remove = useDeleteWriteKey();
  const toast = useToast();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ writeKey: WriteKey; key: string } | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name.trim() || 'Write key', {
      onSuccess: (result) => {
        setCreated(result);
        setName('');
      },
    });
  }

  return (
    <section className="card" aria-labelledby="keys-heading" data-testid="write-keys-settings">
      <h2 id="keys-heading">Write keys</h2>
      <p className="muted">
        Apps send events to <code>/v1/identify</code>, <code>/v1/track</code> and <code>/v1/batch</code> with
        a write key as the HTTP Basic user, exactly like Segment.
      </p>
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={nameId} className="visually-hidden">
          Name of the new key
        </label>
        <input
          id={nameId}
          className="input"
          placeholder="e.g. Web app"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
        />
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending}
          data-testid="create-write-key"
        >
          <Icon name="plus" size={14} /> Create key
        </button>
      </form>
      {create.isError && <ErrorNotice error={create.error} />}
      {created && (
        <div className="notice notice-success" role="status" data-testid="new-write-key">
          <Icon name="key" />
          <div>
            <p>Copy this key now; it will not be shown again.</p>
            <code className="secret">{created.key}</code>
          </div>
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(created.key)
                .then(() => toast.show('Key copied.', 'success'), toast.error)
            }
          >
            Copy
          </button>
        </div>
      )}
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
