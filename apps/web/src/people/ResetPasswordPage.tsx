import '../settings/SignInPage.css';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { confirmPasswordReset, linkSecret } from '../api/session';
import { AccountCard, FormError, useSubmit } from '../settings/AccountCard';
import { AccountField, PASSWORD_HINT } from '../settings/AccountField';
import { useTitle } from '../ui/useTitle';

/** Where a reset link lands (`/reset-password#<secret>`): choose a new password; every session ends. */
export function ResetPasswordPage() {
  useTitle('Choose a new password');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { error, busy, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await confirmPasswordReset(linkSecret(), password);
      setDone(true);
    });
  }

  return (
    <div className="page page-narrow">
      <AccountCard title="Choose a new password" onSubmit={submit} testId="reset-password">
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
            <FormError error={error} />
            <button type="submit" className="button button-primary sign-in-submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save the new password'}
            </button>
          </>
        )}
      </AccountCard>
    </div>
  );
}
