import { queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import type { CatalogEntry, JourneyTemplate } from '../api/types';

/** Query keys for what the server offers to build with: node types and journey templates. */
export const catalogKeys = {
  all: ['catalog'] as const,
  nodeTypes: () => [...catalogKeys.all, 'node-types'] as const,
  templates: () => [...catalogKeys.all, 'templates'] as const,
};

/** The node catalog and templates change only when the server restarts, so they stay fresh for the session. */
export const catalogQueries = {
  nodeTypes: () =>
    queryOptions({
      queryKey: catalogKeys.nodeTypes(),
      queryFn: ({ signal }) => api<{ nodeTypes: CatalogEntry[] }>('/api/node-types', { signal }),
      select: (data) => data.nodeTypes,
      staleTime: Number.POSITIVE_INFINITY,
    }),
  templates: () =>
    queryOptions({
      queryKey: catalogKeys.templates(),
      queryFn: ({ signal }) => api<{ templates: JourneyTemplate[] }>('/api/templates', { signal }),
      select: (data) => data.templates,
      staleTime: Number.POSITIVE_INFINITY,
    }),
};
