import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { customerKeys } from '../customers/queries';

/** A test clock as the API shows it. */
export interface TestClock {
  id: string;
  name: string;
  now: string;
  customers: number;
}

/** Query keys for test clocks: the list, and one clock with its customers. */
export const testClockKeys = {
  all: ['test-clocks'] as const,
  list: () => [...testClockKeys.all, 'list'] as const,
  detail: (id: string) => [...testClockKeys.all, 'detail', id] as const,
};

export const testClockQueries = {
  list: () =>
    queryOptions({
      queryKey: testClockKeys.list(),
      queryFn: ({ signal }) => api<{ testClocks: TestClock[] }>('/api/test-clocks', { signal }),
      select: (data) => data.testClocks,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: testClockKeys.detail(id),
      queryFn: ({ signal }) =>
        api<TestClock & { customerIds: string[] }>(`/api/test-clocks/${encodeURIComponent(id)}`, { signal }),
    }),
};

/**
 * Changes to test clocks. Each one runs the clock's customers through the real runtime before
 * it answers, so clocks and customer profiles are refreshed afterwards.
 */
export function useTestClockActions() {
  const client = useQueryClient();
  const settle = async () => {
    await client.invalidateQueries({ queryKey: testClockKeys.all });
    await client.invalidateQueries({ queryKey: customerKeys.all });
  };
  const path = (id: string, rest = '') => `/api/test-clocks/${encodeURIComponent(id)}${rest}`;
  return {
    create: useMutation({
      mutationFn: (body: { name: string; start: string }) =>
        api<TestClock>('/api/test-clocks', { method: 'POST', body }),
      onSuccess: settle,
    }),
    addCustomer: useMutation({
      mutationFn: ({ id, ...body }: { id: string; userId: string; traits: Record<string, unknown> }) =>
        api(path(id, '/customers'), { method: 'POST', body }),
      onSuccess: settle,
    }),
    track: useMutation({
      mutationFn: ({
        id,
        ...body
      }: {
        id: string;
        userId: string;
        event: string;
        properties: Record<string, unknown>;
      }) => api(path(id, '/events'), { method: 'POST', body }),
      onSuccess: settle,
    }),
    advance: useMutation({
      mutationFn: ({ id, to }: { id: string; to: string }) =>
        api<TestClock & { ran: number }>(path(id, '/advance'), { method: 'POST', body: { to } }),
      onSuccess: settle,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api(path(id), { method: 'DELETE' }),
      onSuccess: settle,
    }),
  };
}
