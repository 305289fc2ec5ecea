import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { type Permission, type Role, switchWorkspace, type User } from '../api/session';
import { settingsQueries } from '../settings/queries';

/** A member of the workspace. */
export interface Member extends User {
  role: Role;
  joinedAt: string;
}

/** An open invitation. */
export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/** A workspace the signed-in person belongs to. */
export interface Membership {
  id: string;
  name: string;
  role: Role;
  current: boolean;
}

export const ROLES: Role[] = ['viewer', 'marketer', 'admin', 'owner'];

/** What each role is for, in the words of the People page. */
export const ROLE_HINTS: Record<Role, string> = {
  viewer: 'reads everything, changes nothing',
  marketer: 'builds and publishes journeys, segments and experiments',
  admin: 'also settings, channels, keys and people',
  owner: 'everything, including deleting the workspace',
};

/** Query keys for people and workspaces. */
export const peopleKeys = {
  all: ['people'] as const,
  list: () => [...peopleKeys.all, 'list'] as const,
  workspaces: () => [...peopleKeys.all, 'workspaces'] as const,
};

export const peopleQueries = {
  list: () =>
    queryOptions({
      queryKey: peopleKeys.list(),
      queryFn: ({ signal }) =>
        api<{ people: Member[]; invitations: Invitation[] }>('/api/people', { signal }),
    }),
  workspaces: () =>
    queryOptions({
      queryKey: peopleKeys.workspaces(),
      queryFn: ({ signal }) => api<{ workspaces: Membership[] }>('/api/workspaces', { signal }),
      select: (data) => data.workspaces,
    }),
};

/** Whether the signed-in role allows `permission`; false until the session is known, so nothing flashes. */
export function useCan(permission: Permission): boolean {
  const session = useQuery(settingsQueries.session());
  return session.data?.permissions.includes(permission) ?? false;
}

/** Invites someone by email with a role. */
export function useInvite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (values: { email: string; role: Role }) =>
      api<Invitation & { delivery: 'email' | 'log' }>('/api/people/invitations', {
        method: 'POST',
        body: values,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: peopleKeys.list() }),
  });
}

/** Withdraws an open invitation. */
export function useWithdrawInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`/api/people/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: peopleKeys.list() }),
  });
}

/** Changes someone's role, showing it at once and rolling back if the server refuses. */
export function useChangeRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api<Member>(`/api/people/${encodeURIComponent(userId)}`, { method: 'PUT', body: { role } }),
    onMutate: async ({ userId, role }) => {
      await client.cancelQueries({ queryKey: peopleKeys.list() });
      const previous = client.getQueryData<{ people: Member[]; invitations: Invitation[] }>(
        peopleKeys.list(),
      );
      if (previous) {
        client.setQueryData(peopleKeys.list(), {
          ...previous,
          people: previous.people.map((person) => (person.id === userId ? { ...person, role } : person)),
        });
      }
      return { previous };
    },
    onError: (_error, _values, context) => {
      if (context?.previous) client.setQueryData(peopleKeys.list(), context.previous);
    },
    onSettled: () => client.invalidateQueries({ queryKey: peopleKeys.list() }),
  });
}

/** Removes someone from the workspace. */
export function useRemovePerson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      api<void>(`/api/people/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: peopleKeys.list() }),
  });
}

/** Moves the session to another workspace; everything cached belongs to the old one, so it is reset. */
export function useSwitchWorkspace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: switchWorkspace,
    onSuccess: () => client.resetQueries(),
  });
}
