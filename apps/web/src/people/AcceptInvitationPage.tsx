import '../settings/SignInPage.css';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { acceptInvitation, linkSecret, lookupInvitation } from '../api/session';
import { AccountCard, FormError, useSubmit } from '../settings/AccountCard';
import { AccountField, PASSWORD_HINT } from '../settings/AccountField';
import { settingsQueries } from '../settings/queries';
import { ErrorNotice } from '../ui/Notice';
import { useTitle } from '../ui/useTitle';

/**
 * Where an invitation link lands (`/accept-invitation#<secret>`): creates the account, or signs
 * in to the existing one, and joins the workspace with the invited role.
 */
export function AcceptInvitationPage() {
  useTitle('Accept the invitation');
  const token = linkSecret();
  const navigate = useNavigate();
  const client = useQueryClient();
  const offer = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => lookupInvitation(token),
    retry: false,
  });
  const session = useQuery({ ...settingsQueries.session(), retry: false });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, run } = useSubmit();

  if (offer.isPending) return <p className="loading page page-narrow">Reading the invitation…</p>;
  if (offer.isError)
    return (
      <div className="page page-narrow">
        <ErrorNotice error={offer.error} />
      </div>
    );
  const { workspaceName, email, role, accountExists } = offer.data;
  const signedInAsInvitee = session.data?.user?.email === email;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await acceptInvitation(
        signedInAsInvitee ? { token } : { token, password, ...(accountExists ? {} : { name: name.trim() }) },
      );
      await client.resetQueries();
      navigate('/journeys', { replace: true });
    });
  }

  return (
    <div className="page page-narrow">
      <AccountCard title={`Join ${workspaceName}`} icon="users" onSubmit={submit} testId="accept-invitation">
        <p className="muted">
          You are invited as <strong>{role}</strong> with {email}.
          {signedInAsInvitee
            ? ' You are signed in with this email.'
            : accountExists
              ? ' Enter the password of your account to accept.'
              : ' Choose a password to create your account.'}
        </p>
        {!signedInAsInvitee && !accountExists && (
          <AccountField label="Your name" autoComplete="name" value={name} onChange={setName} />
        )}
        {!signedInAsInvitee && (
          <AccountField
            label="Password"
            type="password"
            autoComplete={accountExists ? 'current-password' : 'new-password'}
            value={password}
            onChange={setPassword}
            hint={accountExists ? undefined : PASSWORD_HINT}
          />
        )}
        <FormError error={error} />
        <button type="submit" className="button button-primary sign-in-submit" disabled={busy}>
          {busy ? 'Joining…' : `Join ${workspaceName}`}
        </button>
      </AccountCard>
    </div>
  );
}
