import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type {
  JourneyDetail,
  JourneyDocument,
  JourneyStats,
  JourneyStatus,
  JourneySummary,
  JourneyVersion,
  MigrationPlan,
  MigrationPreview,
  PublishPending,
  PublishRequest,
  PublishResult,
  ValidateResult,
  WaitingPage,
} from '../api/types';

/** Query keys for journeys, from the broadest to the most specific, so invalidation can pick a level. */
export const journeyKeys = {
  all: ['journeys'] as const,
  list: () => [...journeyKeys.all, 'list'] as const,
  detail: (id: string) => [...journeyKeys.all, 'detail', id] as const,
  version: (id: string, version: number) => [...journeyKeys.detail(id), 'version', version] as const,
  stats: (id: string, version: number | null) => [...journeyKeys.detail(id), 'stats', version] as const,
  validation: (id: string, change: number) => [...journeyKeys.detail(id), 'validate', change] as const,
  publishRequests: (id: string) => [...journeyKeys.detail(id), 'publish-requests'] as const,
  waiting: (id: string, version: number | null, nodeId: string) =>
    [...journeyKeys.stats(id, version), 'waiting', nodeId] as const,
};

/** Query options for journeys; components call `useQuery(journeyQueries.detail(id))`. */
export const journeyQueries = {
  list: () =>
    queryOptions({
      queryKey: journeyKeys.list(),
      queryFn: ({ signal }) => api<{ journeys: JourneySummary[] }>('/api/journeys', { signal }),
      select: (data) => data.journeys,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: journeyKeys.detail(id),
      queryFn: ({ signal }) => api<JourneyDetail>(`/api/journeys/${encodeURIComponent(id)}`, { signal }),
      // The editor owns the draft once loaded; refetching behind its back would fight autosave.
      staleTime: Number.POSITIVE_INFINITY,
      refetchOnWindowFocus: false,
    }),
  publishRequests: (id: string) =>
    queryOptions({
      queryKey: journeyKeys.publishRequests(id),
      queryFn: ({ signal }) =>
        api<{ requests: PublishRequest[] }>(`/api/journeys/${encodeURIComponent(id)}/publish-requests`, {
          signal,
        }),
      select: (data) => data.requests,
    }),
  version: (id: string, version: number) =>
    queryOptions({
      queryKey: journeyKeys.version(id, version),
      queryFn: ({ signal }) =>
        api<JourneyVersion>(`/api/journeys/${encodeURIComponent(id)}/versions/${version}`, { signal }),
      staleTime: Number.POSITIVE_INFINITY,
    }),
  /** Live per-node numbers, polled while the editor shows a published journey; one version, or all of them. */
  stats: (id: string, enabled: boolean, version: number | null = null) =>
    queryOptions({
      queryKey: journeyKeys.stats(id, version),
      queryFn: ({ signal }) =>
        api<JourneyStats>(
          `/api/journeys/${encodeURIComponent(id)}/stats${version ? `?version=${version}` : ''}`,
          {
            signal,
          },
        ),
      enabled,
      refetchInterval: 5_000,
    }),
  /** The customers waiting at a step, soonest to move on first, a page at a time; refreshed with the counts. */
  waiting: (id: string, version: number | null, nodeId: string) =>
    infiniteQueryOptions({
      queryKey: journeyKeys.waiting(id, version, nodeId),
      queryFn: ({ signal, pageParam }) => {
        const query = new URLSearchParams({ limit: '20' });
        if (version) query.set('version', String(version));
        if (pageParam) query.set('cursor', pageParam);
        return api<WaitingPage>(
          `/api/journeys/${encodeURIComponent(id)}/nodes/${encodeURIComponent(nodeId)}/waiting?${query}`,
          { signal },
        );
      },
      initialPageParam: '',
      getNextPageParam: (page) => page.next ?? undefined,
      refetchInterval: 5_000,
    }),
  /** Compiler diagnostics for the document as of edit number `change`. */
  validation: (id: string, change: number, document: JourneyDocument) =>
    queryOptions({
      queryKey: journeyKeys.validation(id, change),
      queryFn: ({ signal }) =>
        api<ValidateResult>(`/api/journeys/${encodeURIComponent(id)}/validate`, {
          method: 'POST',
          body: { document },
          signal,
        }),
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 30_000,
      retry: false,
    }),
};

const path = (id: string, action = '') => `/api/journeys/${encodeURIComponent(id)}${action}`;

/** Creates a journey, blank or from a template, and refreshes the list. */
export function useCreateJourney() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; templateId?: string; document?: JourneyDocument }) =>
      api<JourneyDetail>('/api/journeys', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: journeyKeys.list() }),
  });
}

/** Copies a journey's draft into a new journey. */
export function useDuplicateJourney() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<JourneyDetail>(path(id, '/duplicate'), { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: journeyKeys.list() }),
  });
}

type StatusAction = 'pause' | 'resume' | 'archive';
const statusAfter: Record<StatusAction, JourneyStatus> = {
  pause: 'paused',
  resume: 'live',
  archive: 'archived',
};

/** Pauses, resumes or archives a journey, showing the new status at once and rolling back on failure. */
export function useJourneyStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: StatusAction }) =>
      api<unknown>(path(id, `/${action}`), { method: 'POST' }),
    onMutate: async ({ id, action }) => {
      await client.cancelQueries({ queryKey: journeyKeys.list() });
      const list = client.getQueryData<{ journeys: JourneySummary[] }>(journeyKeys.list());
      const detail = client.getQueryData<JourneyDetail>(journeyKeys.detail(id));
      const status = statusAfter[action];
      if (list) {
        client.setQueryData(journeyKeys.list(), {
          journeys: list.journeys.map((journey) => (journey.id === id ? { ...journey, status } : journey)),
        });
      }
      if (detail) client.setQueryData(journeyKeys.detail(id), { ...detail, status });
      return { list, detail };
    },
    onError: (_error, { id }, context) => {
      if (context?.list) client.setQueryData(journeyKeys.list(), context.list);
      if (context?.detail) client.setQueryData(journeyKeys.detail(id), context.detail);
    },
    onSettled: (_data, _error, { id }) => {
      void client.invalidateQueries({ queryKey: journeyKeys.list() });
      void refreshDetailMeta(client, id);
    },
  });
}

/** Saves the draft; the server answers 409 when someone else saved since `revision`. */
export function saveDraft(id: string, document: JourneyDocument, revision: number) {
  return api<{ revision: number; updatedAt: string }>(path(id, '/draft'), {
    method: 'PUT',
    body: { document, revision },
  });
}

/** Publishes the saved draft as a new immutable version. */
export function usePublishJourney(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (revision?: number) =>
      api<PublishResult | PublishPending>(path(id, '/publish'), {
        method: 'POST',
        body: revision === undefined ? {} : { revision },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: journeyKeys.list() });
      void client.invalidateQueries({ queryKey: journeyKeys.publishRequests(id) });
      void refreshDetailMeta(client, id);
    },
  });
}

/** Approves (publishing what was asked) or rejects a publish request. */
export function useDecidePublishRequest(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      requestId,
      decision,
      note,
    }: {
      requestId: string;
      decision: 'approve' | 'reject';
      note?: string;
    }) =>
      api<PublishResult | undefined>(
        path(id, `/publish-requests/${encodeURIComponent(requestId)}/${decision}`),
        {
          method: 'POST',
          body: decision === 'reject' ? { note } : undefined,
        },
      ),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: journeyKeys.publishRequests(id) });
      void client.invalidateQueries({ queryKey: journeyKeys.list() });
      void refreshDetailMeta(client, id);
    },
  });
}

/** Copies a published version back into the draft. */
export function useRestoreVersion(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      api<unknown>(path(id, `/versions/${version}/restore`), { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: journeyKeys.detail(id) }),
  });
}

/** Previews moving waiting customers between versions; nothing changes until applied. */
export function usePreviewMigration(id: string) {
  return useMutation({
    mutationFn: (plan: MigrationPlan) =>
      api<MigrationPreview>(path(id, '/migrations/preview'), { method: 'POST', body: plan }),
  });
}

/** Moves waiting customers as the plan says, then refreshes the live numbers. */
export function useApplyMigration(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (plan: MigrationPlan) =>
      api<MigrationPreview & { moved: number }>(path(id, '/migrations/apply'), {
        method: 'POST',
        body: plan,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...journeyKeys.detail(id), 'stats'] }),
  });
}

/**
 * Refreshes status and versions of an open journey without replacing the draft the editor holds:
 * the editor keeps its own copy, so only the metadata is merged into the cache.
 */
async function refreshDetailMeta(client: ReturnType<typeof useQueryClient>, id: string): Promise<void> {
  const fresh = await api<JourneyDetail>(path(id)).catch(() => null);
  if (!fresh) return;
  const cached = client.getQueryData<JourneyDetail>(journeyKeys.detail(id));
  client.setQueryData(
    journeyKeys.detail(id),
    cached ? { ...fresh, document: cached.document, revision: cached.revision } : fresh,
  );
}
