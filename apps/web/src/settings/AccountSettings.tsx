import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { signOut } from '../api/session';
import { dateTime } from '../ui/format';
import { useToast } from '../ui/toasts';
import { maskedKey } from './masked-key';
import { settingsQueries } from './queries';
import { SignInForm } from './SignInForm';

/** This browser's sign-in: which token it came from, when it ends; sign out, or sign in with another token. */
export function AccountSettings() {
  const client = useQueryClient();
  const toast = useToast();
  const [signedOut, setSignedOut] = useState(false);
  const session = useQuery({ ...settingsQueries.session(), enabled: !signedOut });
  const tokens = useQuery({ ...settingsQueries.adminTokens(), enabled: !signedOut });
  const token = tokens.data?.find((candidate) => candidate.id === session.data?.tokenId);
  const signedIn = !signedOut && session.data !== undefined;
  return (
    <section className="card" aria-labelledby="account-heading" data-testid="account-settings">
      <h2 id="account-heading">Sign-in</h2>
      <p className="muted">
        {signedIn
          ? `This browser is signed in${token ? ` with “${token.name}” (${maskedKey(token)})` : ''}${
              session.data?.expiresAt ? ` until ${dateTime(session.data.expiresAt)}` : ''
            }.`
          : 'This browser is not signed in.'}
      </p>
      {signedIn && (
        <button
          type="button"
          className="button"
          onClick={() =>
            void signOut().then(() => {
              setSignedOut(true);
              client.clear();
              toast.show('Signed out. The session has ended on the server too.', 'success');
            }, toast.error)
          }
        >
          Sign out
        </button>
      )}
      <div className="spaced">
        <SignInForm
          reason={signedIn ? 'Use a different token:' : undefined}
          onSignedIn={() => {
            setSignedOut(false);
            void client.resetQueries();
            toast.show('Signed in.', 'success');
          }}
        />
      </div>
    </section>
  );
}
