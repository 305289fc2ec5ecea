import './SignInPage.css';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { createOwner, requestPasswordReset, setupStatus, signIn } from '../api/session';
import { AccountCard, FormError, useSubmit } from './AccountCard';
import { AccountField, PASSWORD_HINT } from './AccountField';

type Mode = 'sign-in' | 'forgot';

/**
 * Signs in with email and password. On the first run (no account yet) it asks instead for the
 * admin token printed at start and creates the owner account with it.
 */
export function SignInForm({ reason, onSignedIn }: { reason?: string; onSignedIn: () => void }) {
  const setup = useQuery({ queryKey: ['setup'], queryFn: setupStatus, staleTime: 0 });
  const [mode, setMode] = useState<Mode>('sign-in');
  if (setup.data?.ownerExists === false) return <FirstRunForm onSignedIn={onSignedIn} />;
  if (mode === 'forgot') return <ForgotPasswordForm onBack={() => setMode('sign-in')} />;
  return <PasswordForm reason={reason} onSignedIn={onSignedIn} onForgot={() => setMode('forgot')} />;
}

function PasswordForm({
  reason,
  onSignedIn,
  onForgot,
}: {
  reason?: string;
  onSignedIn: () => void;
  onForgot: () => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, run } = useSubmit();
  function submit(event: FormEvent) {
    event.preventDefault();
    void run(
      async () => {
        await signIn(email.trim(), password);
        onSignedIn();
      },
      (failure) =>
        failure instanceof ApiError && failure.status === 401
          ? 'The email or password is wrong. Check both, or reset the password.'
          : errorMessage(failure),
    );
  }
  return (
    <AccountCard title="Sign in to Stagecraft" onSubmit={submit} testId="sign-in">
      {reason && <p className="muted">{reason}</p>}
      <AccountField label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} />
      <AccountField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <FormError error={error} />
      <button type="submit" className="button button-primary sign-in-submit" disabled={busy}>
        {busy ? 'Checking…' : 'Sign in'}
      </button>
      <button type="button" className="link-button" onClick={onForgot}>
        Forgot your password?
      </button>
    </AccountCard>
  );
}

function ForgotPasswordForm({ onBack }: { onBack: () => void }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { error, busy, run } = useSubmit();
  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await requestPasswordReset(email.trim());
      setSent(true);
    });
  }
  return (
    <AccountCard title="Reset your password" onSubmit={submit} testId="forgot-password">
      {sent ? (
        <p role="status">
          If {email.trim()} has an account, a link to choose a new password is on its way. It works for an
          hour. Without an email channel, the server log shows the link: ask whoever runs Stagecraft.
        </p>
      ) : (
        <>
          <AccountField
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
          />
          <FormError error={error} />
          <button type="submit" className="button button-primary sign-in-submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send the link'}
          </button>
        </>
      )}
      <button type="button" className="link-button" onClick={onBack}>
        Back to sign-in
      </button>
    </AccountCard>
  );
}

function FirstRunForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, run } = useSubmit();
  function submit(event: FormEvent) {
    event.preventDefault();
    void run(
      async () => {
        await createOwner({ token: token.trim(), name: name.trim(), email: email.trim(), password });
        onSignedIn();
      },
      (failure) =>
        failure instanceof ApiError && failure.status === 401
          ? 'That admin token was not accepted. Copy the token the server printed when it first started (or STAGECRAFT_ADMIN_TOKEN).'
          : errorMessage(failure),
    );
  }
  return (
    <AccountCard title="Welcome to Stagecraft" onSubmit={submit} testId="first-run">
      <p className="muted">
        Create the owner account. The admin token printed when the server first started proves this is your
        server; afterwards it is only for scripts and automation.
      </p>
      <AccountField
        label="Admin token"
        type="password"
        autoComplete="off"
        value={token}
        onChange={setToken}
      />
      <AccountField label="Your name" autoComplete="name" value={name} onChange={setName} />
      <AccountField label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} />
      <AccountField
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        hint={PASSWORD_HINT}
      />
      <FormError error={error} />
      <button type="submit" className="button button-primary sign-in-submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create the owner account'}
      </button>
    </AccountCard>
  );
}
