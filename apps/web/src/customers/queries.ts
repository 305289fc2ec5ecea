import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import type { CustomerDetail, CustomerSummary } from '../api/types';

/** Query keys for customers: searches by text, profiles by id. */
export const customerKeys = {
  all: ['customers'] as const,
  search: (q: string) => [...customerKeys.all, 'search', q] as const,
  detail: (id: string) => [...customerKeys.all, 'detail', id] as const,
};

/** Customer search and profiles; searches keep the previous page visible while the next loads. */
export const customerQueries = {
  search: (q: string) =>
    queryOptions({
      queryKey: customerKeys.search(q),
      queryFn: ({ signal }) =>
        api<{ customers: CustomerSummary[] }>(`/api/customers?q=${encodeURIComponent(q)}`, { signal }),
      select: (data) => data.customers,
      placeholderData: keepPreviousData,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: customerKeys.detail(id),
      queryFn: ({ signal }) => api<CustomerDetail>(`/api/customers/${encodeURIComponent(id)}`, { signal }),
      refetchInterval: 10_000,
    }),
};
