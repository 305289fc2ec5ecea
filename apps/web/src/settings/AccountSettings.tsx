import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readToken, writeToken } from '../api/token';
import { useToast } from '../ui/toasts';
import { SignInForm } from './SignInForm';

/** The admin token this browser uses: sign out, or sign in with another one. */
export function AccountSettings() {
  const client = useQueryClient();
  const toast = useToast();
  const [token, setToken] = useState(readToken());
  return (
    <section className="card" aria-labelledby="account-heading" data-testid="account-settings">
      <h2 id="account-heading">Admin token</h2>
      <p className="muted">
        {token
          ? `This browser is signed in with a token ending in …${token.slice(-4)}.`
          : 'This browser has no admin token stored.'}
      </p>
      {token && (
        <button
          type="button"
          className="button"
          onClick={() => {
            writeToken(null);
            setToken(null);
            client.clear();
            toast.show('Signed out. The token was removed from this browser.', 'success');
          }}
        >
          Sign out
        </button>
      )}
      <div className="spaced">
        <SignInForm
          reason={token ? 'Use a different token:' : undefined}
          onSignedIn={() => {
            setToken(readToken());
            void client.resetQueries();
            toast.show('Signed in.', 'success');
          }}
        />
      </div>
    </section>
  );
}
