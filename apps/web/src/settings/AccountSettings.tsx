import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { signOut, signOutEverywhere } from '../api/session';
import { dateTime } from '../ui/format';
import { useToast } from '../ui/toasts';
import { settingsQueries } from './queries';

/** Who this browser is signed in as, until when; sign out here, or in every browser at once. */
export function AccountSettings() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const session = useQuery(settingsQueries.session());
  const user = session.data?.user;

  function ended(message: string) {
    client.clear();
    toast.show(message, 'success');
    navigate('/sign-in');
  }

  return (
    <section className="card" aria-labelledby="account-heading" data-testid="account-settings">
      <h2 id="account-heading">Your account</h2>
      <p className="muted">
        {user
          ? `Signed in as ${user.name ? `${user.name} (${user.email})` : user.email}, ${session.data?.role} of this workspace`
          : 'Signed in with the admin token (first run): create the owner account to sign in with a password.'}
        {session.data?.expiresAt ? `, until ${dateTime(session.data.expiresAt)}.` : '.'}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() =>
            void signOut().then(
              () => ended('Signed out. The session has ended on the server too.'),
              toast.error,
            )
          }
        >
          Sign out
        </button>
        {user && (
          <button
            type="button"
            className="button"
            onClick={() =>
              void signOutEverywhere().then(
                () => ended('Signed out in every browser, this one included.'),
                toast.error,
              )
            }
            data-testid="sign-out-everywhere"
          >
            Sign out everywhere
          </button>
        )}
      </div>
    </section>
  );
}
