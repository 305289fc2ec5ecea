import './SignInPage.css';
import { type FormEvent, useId, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { signIn } from '../api/session';
import { Icon } from '../ui/Icon';

/** Asks for the admin token and exchanges it for a session cookie; the token itself is not kept. */
export function SignInForm({ reason, onSignedIn }: { reason?: string; onSignedIn: () => void }) {
  const inputId = useId();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = token.trim();
    if (!candidate) {
      setError('Paste the admin token first. The server prints it when it starts for the first time.');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await signIn(candidate);
      onSignedIn();
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'That token was not accepted. Copy the admin token printed by the server (or set STAGECRAFT_ADMIN_TOKEN) and try again.'
          : errorMessage(failure),
      );
    } finally {
      setChecking(false);
    }
  }

  return (
    <form className="card sign-in" onSubmit={submit} data-testid="sign-in">
      <div className="sign-in-mark" aria-hidden="true">
        <Icon name="key" size={22} />
      </div>
      <h1>Sign in to Stagecraft</h1>
      {reason && <p className="muted">{reason}</p>}
      <label htmlFor={inputId} className="field-label">
        Admin token
      </label>
      <input
        id={inputId}
        className="input"
        type="password"
        autoComplete="current-password"
        value={token}
        onChange={(event) => setToken(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
      />
      {error && (
        <p id={`${inputId}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary sign-in-submit" disabled={checking}>
        {checking ? 'Checking…' : 'Sign in'}
      </button>
      <p className="hint">
        The token is exchanged for a session that ends after some hours or when you sign out (Settings).
      </p>
    </form>
  );
}
