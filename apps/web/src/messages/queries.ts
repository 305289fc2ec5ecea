import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../api/client';
import type { MessageRecord } from '../api/types';

export interface MessageFilter {
  status?: string;
  customerId?: string;
}

/** Query keys for the message outbox, one entry per filter. */
export const messageKeys = {
  all: ['messages'] as const,
  list: (filter: MessageFilter) => [...messageKeys.all, 'list', filter] as const,
};

/** Messages journeys produced, newest first, refreshed while the page is open. */
export const messageQueries = {
  list: (filter: MessageFilter) =>
    queryOptions({
      queryKey: messageKeys.list(filter),
      queryFn: ({ signal }) => {
        const params = new URLSearchParams();
        if (filter.status) params.set('status', filter.status);
        if (filter.customerId) params.set('customerId', filter.customerId);
        const query = params.size ? `?${params}` : '';
        return api<{ messages: MessageRecord[] }>(`/api/messages${query}`, { signal });
      },
      select: (data) => data.messages,
      placeholderData: keepPreviousData,
      refetchInterval: 10_000,
    }),
};
