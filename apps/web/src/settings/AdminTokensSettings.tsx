import { useQuery } from '@tanstack/react-query';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { CreateCredential } from './CredentialParts';
import { maskedKey } from './masked-key';
import { settingsQueries, useCreateAdminToken, useRevokeAdminToken } from './queries';

/** Admin tokens for the API and sign-in: create (shown once), list with last use, revoke. */
export function AdminTokensSettings() {
  const tokens = useQuery(settingsQueries.adminTokens());
  const create = useCreateAdminToken();
  const revoke = useRevokeAdminToken();
  const toast = useToast();

  return (
    <section className="card" aria-labelledby="tokens-heading" data-testid="admin-tokens-settings">
      <h2 id="tokens-heading">Admin tokens</h2>
      <p className="muted">
        An admin token signs in to this editor and calls <code>/api</code> as{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. Give each person or script its own, so you can
        revoke one without the others.
      </p>
      <CreateCredential
        noun="token"
        placeholder="e.g. Deploy script"
        fallbackName="Admin token"
        create={create}
        secretOf={(result) => result.secret}
        testIds={{ create: 'create-admin-token', created: 'new-admin-token' }}
      />
      {tokens.isPending && <Loading what="admin tokens" />}
      {tokens.isError && <ErrorNotice error={tokens.error} onRetry={() => tokens.refetch()} />}
      {tokens.data?.length === 0 && <EmptyState icon="key" title="No admin tokens yet" />}
      {tokens.data && tokens.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id} className={token.revokedAt ? 'row-revoked' : undefined}>
                <td>{token.name}</td>
                <td>{token.role}</td>
                <td>
                  <code>{maskedKey(token)}</code>
                </td>
                <td>{dateTime(token.createdAt)}</td>
                <td>{token.lastUsedAt ? dateTime(token.lastUsedAt) : 'Never'}</td>
                <td className="row-actions">
                  {token.revokedAt ? (
                    <span className="muted small">Revoked {dateTime(token.revokedAt)}</span>
                  ) : token.current ? (
                    <span className="muted small">You are signed in with this token</span>
                  ) : (
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      onClick={() =>
                        window.confirm(
                          `Revoke “${token.name}”? Scripts using it get 401, and browsers signed in with it are signed out.`,
                        ) &&
                        revoke.mutate(token.id, {
                          onError: toast.error,
                          onSuccess: () => toast.show('Token revoked.', 'success'),
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
