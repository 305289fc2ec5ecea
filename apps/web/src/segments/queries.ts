import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';

/** A rule group as the server stores it (see docs/analytics.md, Segments). */
export type SegmentRules = { all: unknown[] } | { any: unknown[] };

export interface Segment {
  id: string;
  name: string;
  rules: SegmentRules;
  size: number;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentDetail extends Segment {
  sizeHistory: { day: string; size: number }[];
}

/** Query keys for segments. */
export const segmentKeys = {
  all: ['segments'] as const,
  list: () => [...segmentKeys.all, 'list'] as const,
  detail: (id: string) => [...segmentKeys.all, 'detail', id] as const,
  members: (id: string) => [...segmentKeys.all, 'members', id] as const,
};

export const segmentQueries = {
  list: () =>
    queryOptions({
      queryKey: segmentKeys.list(),
      queryFn: ({ signal }) => api<{ segments: Segment[] }>('/api/segments', { signal }),
      select: (data) => data.segments,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: segmentKeys.detail(id),
      queryFn: ({ signal }) => api<SegmentDetail>(`/api/segments/${encodeURIComponent(id)}`, { signal }),
      refetchInterval: 10_000,
    }),
  members: (id: string) =>
    queryOptions({
      queryKey: segmentKeys.members(id),
      queryFn: ({ signal }) =>
        api<{ customers: { customerId: string; enteredAt: string }[]; next: string | null }>(
          `/api/segments/${encodeURIComponent(id)}/customers?limit=50`,
          { signal },
        ),
    }),
};

/** Saves a new segment (no id) or changes one. */
export function useSaveSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, rules }: { id?: string; name: string; rules: SegmentRules }) =>
      id
        ? api<Segment>(`/api/segments/${encodeURIComponent(id)}`, { method: 'PUT', body: { name, rules } })
        : api<Segment>('/api/segments', { method: 'POST', body: { name, rules } }),
    onSettled: () => client.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

export function useDeleteSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/api/segments/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}

/** The size rules would have now and ten sample customers. */
export function usePreviewSegment() {
  return useMutation({
    mutationFn: (rules: SegmentRules) =>
      api<{ size: number; sample: string[] }>('/api/segments/preview', { method: 'POST', body: { rules } }),
  });
}
