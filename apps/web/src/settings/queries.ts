import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { SessionInfo } from '../api/session';
import type { AdminToken, Stage, WriteKey } from '../api/types';

/** Query keys for workspace settings. */
export const settingsKeys = {
  all: ['settings'] as const,
  workspace: () => [...settingsKeys.all, 'workspace'] as const,
  stages: () => [...settingsKeys.all, 'stages'] as const,
  writeKeys: () => [...settingsKeys.all, 'write-keys'] as const,
  adminTokens: () => [...settingsKeys.all, 'admin-tokens'] as const,
  session: () => [...settingsKeys.all, 'session'] as const,
};

/** Workspace lifecycle stages, ingestion write keys, admin tokens and this browser's session. */
export const settingsQueries = {
  workspace: () =>
    queryOptions({
      queryKey: settingsKeys.workspace(),
      queryFn: ({ signal }) => api<WorkspaceSettings>('/api/settings/workspace', { signal }),
    }),
  stages: () =>
    queryOptions({
      queryKey: settingsKeys.stages(),
      queryFn: ({ signal }) => api<{ stages: Stage[] }>('/api/settings/stages', { signal }),
      select: (data) => [...data.stages].sort((a, b) => a.order - b.order),
    }),
  writeKeys: () =>
    queryOptions({
      queryKey: settingsKeys.writeKeys(),
      queryFn: ({ signal }) => api<{ writeKeys: WriteKey[] }>('/api/write-keys', { signal }),
      select: (data) => data.writeKeys,
    }),
  adminTokens: () =>
    queryOptions({
      queryKey: settingsKeys.adminTokens(),
      queryFn: ({ signal }) => api<{ tokens: AdminToken[] }>('/api/settings/tokens', { signal }),
      select: (data) => data.tokens,
    }),
  session: () =>
    queryOptions({
      queryKey: settingsKeys.session(),
      queryFn: ({ signal }) => api<SessionInfo>('/api/session', { signal }),
    }),
};

/** What the workspace form edits. */
export interface WorkspaceSettingsValues {
  name: string;
  timeZone: string;
  /** A marketer's publish waits for an admin's approval. */
  publishApproval: boolean;
  /** Days the audit trail keeps an entry (1 to 3650). */
  auditRetentionDays: number;
}

/** The workspace's settings as the server answers them, with the fixed fallback rules. */
export interface WorkspaceSettings extends WorkspaceSettingsValues {
  customerTimeZones: { missing: 'workspace'; invalid: 'workspace-recorded' };
}

/** Saves the workspace's name and time zone. */
export function useSaveWorkspace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (values: WorkspaceSettingsValues) =>
      api<WorkspaceSettings>('/api/settings/workspace', { method: 'PUT', body: values }),
    onSuccess: (saved) => client.setQueryData(settingsKeys.workspace(), saved),
  });
}

/** Saves the workspace stages, showing them at once and rolling back if the server refuses. */
export function useSaveStages() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (stages: Stage[]) =>
      api<{ stages: Stage[] }>('/api/settings/stages', { method: 'PUT', body: { stages } }),
    onMutate: async (stages) => {
      await client.cancelQueries({ queryKey: settingsKeys.stages() });
      const previous = client.getQueryData<{ stages: Stage[] }>(settingsKeys.stages());
      client.setQueryData(settingsKeys.stages(), { stages });
      return { previous };
    },
    onError: (_error, _stages, context) => {
      if (context?.previous) client.setQueryData(settingsKeys.stages(), context.previous);
    },
    onSettled: () => client.invalidateQueries({ queryKey: settingsKeys.stages() }),
  });
}

/** Creates a write key; the full key is in the answer and only there. */
export function useCreateWriteKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api<{ writeKey: WriteKey; key: string }>('/api/write-keys', { method: 'POST', body: { name } }),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.writeKeys() }),
  });
}

/** Revokes a write key, showing it as revoked at once. */
export function useDeleteWriteKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<unknown>(`/api/write-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onMutate: async (id) => {
      await client.cancelQueries({ queryKey: settingsKeys.writeKeys() });
      const previous = client.getQueryData<{ writeKeys: WriteKey[] }>(settingsKeys.writeKeys());
      if (previous) {
        const revokedAt = new Date().toISOString();
        client.setQueryData(settingsKeys.writeKeys(), {
          writeKeys: previous.writeKeys.map((key) => (key.id === id ? { ...key, revokedAt } : key)),
        });
      }
      return { previous };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) client.setQueryData(settingsKeys.writeKeys(), context.previous);
    },
    onSettled: () => client.invalidateQueries({ queryKey: settingsKeys.writeKeys() }),
  });
}

/** Creates an admin token; the token itself is in the answer and only there. */
export function useCreateAdminToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api<{ token: AdminToken; secret: string }>('/api/settings/tokens', { method: 'POST', body: { name } }),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.adminTokens() }),
  });
}

/** Revokes an admin token (never the one in use: the server refuses), showing it as revoked at once. */
export function useRevokeAdminToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<unknown>(`/api/settings/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onMutate: async (id) => {
      await client.cancelQueries({ queryKey: settingsKeys.adminTokens() });
      const previous = client.getQueryData<{ tokens: AdminToken[] }>(settingsKeys.adminTokens());
      if (previous) {
        const revokedAt = new Date().toISOString();
        client.setQueryData(settingsKeys.adminTokens(), {
          tokens: previous.tokens.map((token) => (token.id === id ? { ...token, revokedAt } : token)),
        });
      }
      return { previous };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) client.setQueryData(settingsKeys.adminTokens(), context.previous);
    },
    onSettled: () => client.invalidateQueries({ queryKey: settingsKeys.adminTokens() }),
  });
}
