import '../settings/SignInPage.css';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { confirmPasswordReset, linkSecret } from '../api/session';
import { AccountField, PASSWORD_HINT } from '../settings/AccountField';
import { Icon } from '../ui/Icon';
import { useTitle } from '../ui/useTitle';

/** Where a reset link lands (`/reset-password#<secret>`): choose a new password; every session ends. */
export function ResetPasswordPage() {
  useTitle('Choose a new password');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await confirmPasswordReset(linkSecret(), password);
      setDone(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page page-narrow">
      <form className="card sign-in" onSubmit={submit} data-testid="reset-password">
        <div className="sign-in-mark" aria-hidden="true">
          <Icon name="key" size={22} />
        </div>
        <h1>Choose a new password</h1>
        {done ? (
          <p role="status">
            Your password is changed and every browser signed in with the old one is signed out.{' '}
            <Link to="/sign-in">Sign in</Link>
          </p>
        ) : (
          <>
            <AccountField
              label="New password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              hint={PASSWORD_HINT}
            />
            {error && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="button button-primary sign-in-submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save the new password'}
            </button>
          </>
        )}
      </form>
    </div>
  );
}
