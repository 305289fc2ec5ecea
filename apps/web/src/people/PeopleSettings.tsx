import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { Role } from '../api/session';
import { settingsQueries } from '../settings/queries';
import { dateTime } from '../ui/format';
import { Icon } from '../ui/Icon';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import {
  peopleQueries,
  ROLE_HINTS,
  ROLES,
  useCan,
  useChangeRole,
  useInvite,
  useRemovePerson,
  useWithdrawInvitation,
} from './queries';

/** Settings > People: members with their roles, open invitations, and inviting someone. */
export function PeopleSettings() {
  const people = useQuery(peopleQueries.list());
  const session = useQuery(settingsQueries.session());
  const manage = useCan('people:manage');
  const changeRole = useChangeRole();
  const remove = useRemovePerson();
  const withdraw = useWithdrawInvitation();
  const toast = useToast();
  const ownRank = ROLES.indexOf(session.data?.role ?? 'viewer');
  const reachable = ROLES.filter((role) => ROLES.indexOf(role) <= ownRank);

  return (
    <section className="card" aria-labelledby="people-heading" data-testid="people-settings">
      <h2 id="people-heading">People</h2>
      <p className="muted">
        Everyone who can sign in to this workspace, and what their role lets them do:{' '}
        {ROLES.map((role) => `${role} (${ROLE_HINTS[role]})`).join('; ')}.
      </p>
      {manage && <InviteForm roles={reachable} />}
      {people.isPending && <Loading what="people" />}
      {people.isError && <ErrorNotice error={people.error} onRetry={() => people.refetch()} />}
      {people.data && (
        <table className="table" data-testid="people-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.data.people.map((person) => {
              const self = person.id === session.data?.user?.id;
              const editable = manage && !self && ROLES.indexOf(person.role) <= ownRank;
              return (
                <tr key={person.id}>
                  <td>
                    {person.name || person.email}
                    {person.name && <div className="muted small">{person.email}</div>}
                  </td>
                  <td>
                    {editable ? (
                      <select
                        className="input input-small"
                        aria-label={`Role of ${person.email}`}
                        value={person.role}
                        onChange={(event) =>
                          changeRole.mutate(
                            { userId: person.id, role: event.target.value as Role },
                            { onError: toast.error, onSuccess: () => toast.show('Role changed.', 'success') },
                          )
                        }
                      >
                        {reachable.map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="badge">{person.role}</span>
                    )}
                  </td>
                  <td>{dateTime(person.joinedAt)}</td>
                  <td className="row-actions">
                    {editable && (
                      <button
                        type="button"
                        className="button button-small button-quiet"
                        onClick={() =>
                          window.confirm(
                            `Remove ${person.email} from this workspace? They are signed out at once.`,
                          ) &&
                          remove.mutate(person.id, {
                            onError: toast.error,
                            onSuccess: () => toast.show(`${person.email} was removed.`, 'success'),
                          })
                        }
                      >
                        <Icon name="trash" size={14} /> Remove
                      </button>
                    )}
                    {self && <span className="muted small">You</span>}
                  </td>
                </tr>
              );
            })}
            {people.data.invitations.map((invitation) => (
              <tr key={invitation.id} className="row-revoked">
                <td>
                  {invitation.email}
                  <div className="muted small">Invited, until {dateTime(invitation.expiresAt)}</div>
                </td>
                <td>
                  <span className="badge">{invitation.role}</span>
                </td>
                <td>—</td>
                <td className="row-actions">
                  {manage && (
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      onClick={() =>
                        withdraw.mutate(invitation.id, {
                          onError: toast.error,
                          onSuccess: () =>
                            toast.show('Invitation withdrawn; its link no longer works.', 'success'),
                        })
                      }
                    >
                      Withdraw
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

function InviteForm({ roles }: { roles: Role[] }) {
  const id = useId();
  const invite = useInvite();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate(
      { email: email.trim(), role },
      {
        onError: toast.error,
        onSuccess: (sent) => {
          setEmail('');
          toast.show(
            sent.delivery === 'email'
              ? `Invitation sent to ${sent.email}.`
              : `No email channel is set up: the invitation link for ${sent.email} is in the server log.`,
            'success',
          );
        },
      },
    );
  }
  return (
    <form className="field-inline spaced" onSubmit={submit} data-testid="invite-form">
      <label htmlFor={`${id}-email`} className="visually-hidden">
        Email to invite
      </label>
      <input
        id={`${id}-email`}
        className="input"
        type="email"
        placeholder="name@example.com"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <label htmlFor={`${id}-role`} className="visually-hidden">
        Role
      </label>
      <select
        id={`${id}-role`}
        className="input input-small"
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
      >
        {roles.map((candidate) => (
          <option key={candidate} value={candidate}>
            {candidate}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-primary" disabled={invite.isPending || !email.trim()}>
        Invite
      </button>
    </form>
  );
}
