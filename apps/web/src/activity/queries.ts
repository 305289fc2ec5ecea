import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AuditEntry } from '../api/types';

/** What the Activity page filters the audit trail by; empty strings are no filter. */
export interface ActivityFilter {
  action: string;
  actor: string;
  target: string;
  from: string;
  to: string;
}

/** Query keys for the audit trail, one entry per filter. */
export const activityKeys = {
  all: ['activity'] as const,
  list: (filter: ActivityFilter) => [...activityKeys.all, 'list', filter] as const,
};

const PAGE = 50;

/** The audit trail, newest first, a page at a time (`fetchNextPage` follows `nextCursor`). */
export const activityQueries = {
  list: (filter: ActivityFilter) =>
    infiniteQueryOptions({
      queryKey: activityKeys.list(filter),
      initialPageParam: null as string | null,
      queryFn: ({ pageParam, signal }) => {
        const params = new URLSearchParams({ limit: String(PAGE) });
        if (filter.action) params.set('action', filter.action);
        if (filter.actor) params.set('actor', filter.actor.trim());
        if (filter.target) params.set('target', filter.target.trim());
        // Dates are whole days in the browser's zone: from its first instant to its last.
        if (filter.from) params.set('from', new Date(`${filter.from}T00:00:00`).toISOString());
        if (filter.to) params.set('to', new Date(`${filter.to}T23:59:59.999`).toISOString());
        if (pageParam) params.set('cursor', pageParam);
        return api<{ entries: AuditEntry[]; nextCursor: string | null }>(`/api/audit?${params}`, { signal });
      },
      getNextPageParam: (page) => page.nextCursor,
    }),
};
